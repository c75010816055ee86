// Compare two requests, and simulate the next turn of one (issue 14). Pure engine functions.
export * from './types';
export { compareRequests, compareResolved, resolveSide, pickLine, unitSignature, type ResolvedSide } from './compare';
export { simulateNextTurn, type NextTurn, type NextTurnOptions, type NextTurnBreakpoint } from './nextTurn';

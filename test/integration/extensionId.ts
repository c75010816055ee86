// The extension's id (`publisher.name`) read from the manifest, so no test spells it out.
import manifest from '../../package.json';

export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

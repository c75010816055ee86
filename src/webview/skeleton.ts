// The panel's static markup, inserted once. Data never goes through innerHTML: the panel fills
// these elements with textContent and updates them in place (no re-render, no flicker).
import { openSettingUri } from '../shared/protocol';
import { NOTHING_CACHED_SKELETON } from './nothingCached';
import { LEGEND_SKELETON } from './legend';

export const SKELETON = /* html */ `
<header class="file" id="file-header">
  <h2 id="file-name" class="file-name">Prompt cache cost</h2>
  <p id="file-sub" class="muted file-sub"></p>
</header>

<section id="message" class="message" hidden aria-live="polite">
  <h3 id="message-title"></h3>
  <p id="message-body"></p>
  <ul id="message-reasons" class="reasons"></ul>
  <ul id="message-actions" class="actions">
    <li id="act-default-model"><a href="${openSettingUri('promptCache.defaultModel')}">Set <code>promptCache.defaultModel</code></a> — the model to assume when the file names none.</li>
    <li id="act-include"><a href="${openSettingUri('promptCache.include')}">Add a glob to <code>promptCache.include</code></a> — e.g. <code>**/*.prompt.json</code>, so files like this one are analyzed.</li>
  </ul>
</section>

<div id="request" hidden>
  <p id="rejected" class="warning" role="alert" hidden></p>
  <p id="warning" class="warning" role="status" hidden></p>
${NOTHING_CACHED_SKELETON}

  <section aria-labelledby="h-tokens">
    <h3 id="h-tokens">Tokens per call</h3>
    <div id="bar" class="bar" role="img" aria-label="">
      <span class="seg read" data-part="readNextCall"></span><span class="seg wonly" data-part="writtenNotRead"></span><span class="seg never" data-part="neverCached"></span><span class="seg output" data-part="output"></span>
    </div>
    <table class="kv" id="tokens-table">
      <caption class="sr-only">Tokens per call, by how the cache treats them</caption>
      <tbody>
        <tr><th scope="row"><span class="swatch read" aria-hidden="true"></span>Read on the next call</th><td id="t-read" class="num"></td></tr>
        <tr class="sub"><th scope="row">identical repeat reads</th><td id="t-repeat" class="num"></td></tr>
        <tr><th scope="row"><span class="swatch wonly" aria-hidden="true"></span>Written but never read</th><td id="t-wonly" class="num"></td></tr>
        <tr><th scope="row"><span class="swatch never" aria-hidden="true"></span>Never cached</th><td id="t-never" class="num"></td></tr>
        <tr><th scope="row"><span class="swatch output" aria-hidden="true"></span>Output (your estimate)</th><td id="t-output" class="num"></td></tr>
        <tr class="total"><th scope="row">Input tokens</th><td id="t-input" class="num"></td></tr>
        <tr class="sub"><th scope="row">Written to cache on the first call</th><td id="t-written" class="num"></td></tr>
      </tbody>
    </table>
    <p id="next-note" class="small" hidden></p>
    ${LEGEND_SKELETON}
    <p id="tokenizer" class="muted small"></p>
  </section>

  <section aria-labelledby="h-percall" id="percall-section">
    <h3 id="h-percall">Cost per call</h3>
    <table class="grid cost-table">
      <caption class="sr-only">Cost of one call: input only, and input plus the output estimate</caption>
      <thead><tr><th scope="col"><span class="sr-only">Call</span></th><th scope="col" class="num">Input</th><th scope="col" class="num">+ output</th></tr></thead>
      <tbody>
        <tr><th scope="row">First call <span class="muted">(writes the cache)</span></th><td id="c-first-in" class="num"></td><td id="c-first" class="num"></td></tr>
        <tr><th scope="row">Next call within <span id="c-ttl" class="nowrap">5 min</span></th><td id="c-next-in" class="num"></td><td id="c-next" class="num"></td></tr>
        <tr class="sub"><th scope="row">identical repeat</th><td id="c-repeat-in" class="num"></td><td id="c-repeat" class="num"></td></tr>
        <tr><th scope="row">Without caching</th><td id="c-uncached-in" class="num"></td><td id="c-uncached" class="num"></td></tr>
      </tbody>
    </table>
    <p id="c-longctx" class="small" hidden></p>
    <p id="c-note" class="muted small"></p>
  </section>

  <section aria-labelledby="h-calls" id="calls-section">
    <h3 id="h-calls">Many calls</h3>
    <div class="inputs">
      <div class="field">
        <label for="in-calls">Calls (N)</label>
        <input id="in-calls" type="number" inputmode="numeric" min="1" step="1">
      </div>
      <div class="field">
        <label for="in-rate">Call rate</label>
        <div class="inline">
          <input id="in-rate" type="number" inputmode="decimal" min="0" step="any">
          <select id="in-unit" aria-label="Call rate unit">
            <option value="minute">/ min</option>
            <option value="hour">/ hour</option>
          </select>
        </div>
      </div>
      <div class="field">
        <label for="in-output">Output tokens per call</label>
        <input id="in-output" type="number" inputmode="numeric" min="0" step="1">
      </div>
    </div>
    <div id="totals" aria-live="polite" aria-atomic="true">
      <table class="kv">
        <caption class="sr-only">Cost of N calls at the call rate</caption>
        <tbody>
          <tr id="row-n-with"><th scope="row">With caching</th><td id="n-with" class="num"></td></tr>
          <tr id="row-n-without"><th scope="row" id="n-without-label">Without caching</th><td id="n-without" class="num"></td></tr>
          <tr id="row-n-savings" class="total"><th scope="row">Savings</th><td id="n-savings" class="num"></td></tr>
          <tr id="row-n-breakeven"><th scope="row">Break-even</th><td id="n-breakeven" class="num"></td></tr>
        </tbody>
      </table>
    </div>
    <p id="n-warmth" class="muted small"></p>
  </section>

  <section aria-labelledby="h-ttl" id="ttl-section" hidden>
    <h3 id="h-ttl">5-minute vs 1-hour cache</h3>
    <table class="grid" id="ttl-table">
      <caption class="sr-only">N calls at your rate with a 5-minute and a 1-hour cache</caption>
      <thead><tr><th scope="col"><span class="sr-only">Figure</span></th><th scope="col" class="num">5 min</th><th scope="col" class="num">1 hour</th></tr></thead>
      <tbody>
        <tr><th scope="row">Cache stays warm</th><td id="ttl5-warm" class="num"></td><td id="ttl1-warm" class="num"></td></tr>
        <tr><th scope="row">N calls, cached</th><td id="ttl5-with" class="num"></td><td id="ttl1-with" class="num"></td></tr>
        <tr><th scope="row">Savings</th><td id="ttl5-savings" class="num"></td><td id="ttl1-savings" class="num"></td></tr>
        <tr><th scope="row">Break-even</th><td id="ttl5-be" class="num"></td><td id="ttl1-be" class="num"></td></tr>
      </tbody>
    </table>
    <p id="ttl-summary" class="small" aria-live="polite"></p>
  </section>

  <section aria-labelledby="h-segments">
    <h3 id="h-segments">Segments</h3>
    <table class="grid" id="seg-table">
      <caption class="sr-only">Segments in cache order: whether the next call reads them from cache, their tokens (a block: what it adds), and the cumulative tokens</caption>
      <thead><tr><th scope="col">Segment</th><th scope="col" class="num">Tokens</th><th scope="col" class="num">Cumul.</th></tr></thead>
      <tbody id="seg-body"></tbody>
    </table>
  </section>

  <section aria-labelledby="h-compare">
    <h3 id="h-compare">Compare models</h3>
    <div class="cmp-cards" id="cmp-cards">
      <section class="cmp-card" data-slot="0" aria-labelledby="cmp-label-0">
        <div class="field"><label for="in-model-0" id="cmp-label-0">Model 1</label><select id="in-model-0" data-slot="0"></select></div>
        <p class="muted small cmp-role" id="cmp-h-0"></p>
        <table class="kv cmp-figures">
          <caption class="sr-only">The same request priced on model 1, for N calls at your rate</caption>
          <tbody>
          <tr data-row="inputTokens"><th scope="row">Input tokens</th><td class="num"></td></tr>
          <tr data-row="cached"><th scope="row">Read on the next call</th><td class="num"></td></tr>
          <tr data-row="first"><th scope="row">First call</th><td class="num"></td></tr>
          <tr data-row="next"><th scope="row">Next call</th><td class="num"></td></tr>
          <tr data-row="repeat"><th scope="row">Identical repeat</th><td class="num"></td></tr>
          <tr data-row="with"><th scope="row">N calls, cached</th><td class="num"></td></tr>
          <tr data-row="without"><th scope="row">N calls, uncached</th><td class="num"></td></tr>
          <tr data-row="savings" class="total"><th scope="row">Savings</th><td class="num"></td></tr>
          <tr data-row="asOf"><th scope="row">Prices as of</th><td class="num"></td></tr>
          </tbody>
        </table>
      </section>
      <section class="cmp-card" data-slot="1" aria-labelledby="cmp-label-1">
        <div class="field"><label for="in-model-1" id="cmp-label-1">Model 2</label><select id="in-model-1" data-slot="1"></select></div>
        <p class="muted small cmp-role" id="cmp-h-1"></p>
        <table class="kv cmp-figures">
          <caption class="sr-only">The same request priced on model 2, for N calls at your rate</caption>
          <tbody>
          <tr data-row="inputTokens"><th scope="row">Input tokens</th><td class="num"></td></tr>
          <tr data-row="cached"><th scope="row">Read on the next call</th><td class="num"></td></tr>
          <tr data-row="first"><th scope="row">First call</th><td class="num"></td></tr>
          <tr data-row="next"><th scope="row">Next call</th><td class="num"></td></tr>
          <tr data-row="repeat"><th scope="row">Identical repeat</th><td class="num"></td></tr>
          <tr data-row="with"><th scope="row">N calls, cached</th><td class="num"></td></tr>
          <tr data-row="without"><th scope="row">N calls, uncached</th><td class="num"></td></tr>
          <tr data-row="savings" class="total"><th scope="row">Savings</th><td class="num"></td></tr>
          <tr data-row="asOf"><th scope="row">Prices as of</th><td class="num"></td></tr>
          </tbody>
        </table>
      </section>
      <section class="cmp-card" data-slot="2" aria-labelledby="cmp-label-2">
        <div class="field"><label for="in-model-2" id="cmp-label-2">Model 3</label><select id="in-model-2" data-slot="2"></select></div>
        <p class="muted small cmp-role" id="cmp-h-2"></p>
        <table class="kv cmp-figures">
          <caption class="sr-only">The same request priced on model 3, for N calls at your rate</caption>
          <tbody>
          <tr data-row="inputTokens"><th scope="row">Input tokens</th><td class="num"></td></tr>
          <tr data-row="cached"><th scope="row">Read on the next call</th><td class="num"></td></tr>
          <tr data-row="first"><th scope="row">First call</th><td class="num"></td></tr>
          <tr data-row="next"><th scope="row">Next call</th><td class="num"></td></tr>
          <tr data-row="repeat"><th scope="row">Identical repeat</th><td class="num"></td></tr>
          <tr data-row="with"><th scope="row">N calls, cached</th><td class="num"></td></tr>
          <tr data-row="without"><th scope="row">N calls, uncached</th><td class="num"></td></tr>
          <tr data-row="savings" class="total"><th scope="row">Savings</th><td class="num"></td></tr>
          <tr data-row="asOf"><th scope="row">Prices as of</th><td class="num"></td></tr>
          </tbody>
        </table>
      </section>
    </div>
    <p class="small muted" id="prices-footer">Prices come from the built-in table (rows checked up to <span id="table-as-of"></span>; each column shows its own date).
      <a id="prices-link" href="${openSettingUri('promptCache.prices')}">Override prices in settings</a> (<code>promptCache.prices</code>).</p>
  </section>

  <section aria-labelledby="h-notes" id="notes-section" hidden>
    <h3 id="h-notes">Notes</h3>
    <ul id="notes" class="notes"></ul>
  </section>
</div>
`;

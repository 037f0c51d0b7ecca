// <preflight-check>: defines the element and hands it to the wasm. Every login downloads this file:
// its comments are in ARCHITECTURE.md, "One check, end to end".

const BUILDS = { inline: 'pkg', 'logout-reminder': 'pkg-after-login' };
const buildUrl = (mode, file) => new URL(`./${BUILDS[mode] ?? 'pkg-full'}/${file}`, import.meta.url);

const builds = new Map();
function loadWidget(mode) {
  const glue = buildUrl(mode, 'preflight_widget.js').href;
  if (!builds.has(glue)) {
    const wasm = fetch(buildUrl(mode, 'preflight_widget_bg.wasm'));
    const ready = import(glue).then(async (widget) => {
      await widget.default({ module_or_path: wasm });
      return widget;
    });
    wasm.catch(() => {});
    ready.catch(() => {});
    builds.set(glue, ready);
  }
  return builds.get(glue);
}

const TIME_PROBE_TIMEOUT_MS = 1000;
async function probeTime(edge) {
  const init = { cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(TIME_PROBE_TIMEOUT_MS) };
  const t0 = Date.now();
  const response = await fetch(`${edge}/api/time`, init);
  const t3 = Date.now();
  return { ...(await response.json()), t0, t3 };
}

const TEXT = {
  fr: { checking: 'Vérification de la connexion…', unavailable: 'La vérification n\u2019est pas disponible pour le moment. Vous pouvez vous connecter normalement.' },
  en: { checking: 'Checking your connection…', unavailable: 'The check is not available right now. You can sign in as usual.' },
};

function langOf(element) {
  const tag = element.closest('[lang]')?.getAttribute('lang') ?? '';
  return tag.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

function line(element, state, text) {
  const p = document.createElement('p');
  p.className = `pf-finding pf-${state}`;
  p.setAttribute('role', 'status');
  p.textContent = text;
  element.replaceChildren(p);
}

function afterFirstPaint(callback) {
  if (document.visibilityState === 'hidden') setTimeout(callback, 0);
  else requestAnimationFrame(() => setTimeout(callback, 0));
}

class PreflightCheck extends HTMLElement {
  connectedCallback() {
    if (this.dataset.state) return;
    this.dataset.state = 'checking';
    // Screen readers wait for the verdict: nothing is announced while the probes run.
    this.setAttribute('aria-busy', 'true');
    line(this, 'checking', TEXT[langOf(this)].checking);
    const mode = this.getAttribute('mode') ?? 'inline';
    // The sample is left on the element when it comes back: the check takes it if it is in by then,
    // and never waits for it (its own stamp times the clock otherwise).
    if (mode === 'inline') probeTime(this.getAttribute('edge') ?? '').then((sample) => { this.timeSample = sample; }, () => {});
    const widget = loadWidget(mode);
    afterFirstPaint(() => this.#start(mode, widget));
  }

  explain(e) {
    location.assign(`${this.getAttribute('edge') ?? ''}/check?${new URLSearchParams(Object.entries({ ...e, lang: langOf(this) }).filter((f) => f[1]))}`);
  }

  async #start(mode, loading) {
    try {
      await (await loading).run(this);
      if (mode === 'inline') performance.mark('preflight-verdict');
    } catch (error) {
      line(this, 'info', TEXT[langOf(this)].unavailable);
      this.dataset.state = 'unavailable';
      console.warn('preflight-check: widget unavailable', error);
    }
    this.removeAttribute('aria-busy');
  }
}

if (!customElements.get('preflight-check')) customElements.define('preflight-check', PreflightCheck);

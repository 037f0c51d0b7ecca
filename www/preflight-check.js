// <preflight-check>: the custom element of the login self-check.
//
// wasm-bindgen cannot extend HTMLElement, so this small module defines the element and hands it to
// the wasm widget. The wasm is loaded only after the page has painted, and nothing here can block,
// disable or delay the login form: every failure ends in one calm line.

// Each page downloads only its modes: the login page's small build, the check page's full one, or
// the one for portal pages after sign-in.
const BUILDS = { inline: 'pkg', 'logout-reminder': 'pkg-after-login' };
const widgetUrl = (mode) => new URL(`./${BUILDS[mode] ?? 'pkg-full'}/preflight_widget.js`, import.meta.url);

// One download and compilation per build, however many elements a page has. Started as soon as an
// element connects: fetching and compiling happen off the main thread, so the page paints meanwhile
// and the check can start the moment it has.
const builds = new Map();
function loadWidget(mode) {
  const url = widgetUrl(mode).href;
  if (!builds.has(url)) {
    const ready = import(url).then(async (widget) => {
      await widget.default();
      return widget;
    });
    ready.catch(() => {}); // reported by the element that awaits it, not as an unhandled rejection
    builds.set(url, ready);
  }
  return builds.get(url);
}

// Shown while checking, and if the widget itself cannot load (then the Rust messages are not there).
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

// After the next frame is painted: rAF runs before paint, the task it queues runs after.
function afterFirstPaint(callback) {
  if (document.visibilityState === 'hidden') setTimeout(callback, 0);
  else requestAnimationFrame(() => setTimeout(callback, 0));
}

class PreflightCheck extends HTMLElement {
  connectedCallback() {
    if (this.dataset.state) return;
    this.dataset.state = 'checking';
    line(this, 'checking', TEXT[langOf(this)].checking);
    const mode = this.getAttribute('mode') ?? 'inline';
    const widget = loadWidget(mode);
    // The check itself writes to the page: only once the login form has been painted.
    afterFirstPaint(() => this.#start(mode, widget));
  }

  async #start(mode, loading) {
    try {
      const widget = await loading;
      await widget.run(this);
      if (mode === 'inline') performance.mark('preflight-verdict');
    } catch (error) {
      line(this, 'info', TEXT[langOf(this)].unavailable);
      this.dataset.state = 'unavailable';
      console.warn('preflight-check: widget unavailable', error);
    }
  }
}

if (!customElements.get('preflight-check')) customElements.define('preflight-check', PreflightCheck);

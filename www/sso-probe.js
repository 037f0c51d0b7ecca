// The single sign-on probe, framed by the check page from another site (core::sso decides): can this
// frame keep a cookie and a stored value, and could it ask for its cookies (Storage Access API)?
// It posts those three yes/no answers to the page that framed it, and nothing else.
const NAME = 'preflight-sso-probe';

function keepsCookie() {
  try {
    // A cookie sent in a cross-site frame must be SameSite=None, which needs Secure.
    document.cookie = `${NAME}=1; SameSite=None; Secure; Path=/; Max-Age=60`;
    const kept = document.cookie.split('; ').includes(`${NAME}=1`);
    document.cookie = `${NAME}=; SameSite=None; Secure; Path=/; Max-Age=0`;
    return kept;
  } catch {
    return false;
  }
}

function keepsStorage() {
  try {
    localStorage.setItem(NAME, '1');
    const kept = localStorage.getItem(NAME) === '1';
    localStorage.removeItem(NAME);
    return kept;
  } catch {
    return false;
  }
}

// Only yes/no answers leave this frame, so any page may read them.
parent.postMessage({
  preflight: 'sso-probe',
  cookies: keepsCookie(),
  storage: keepsStorage(),
  storage_access_api: typeof document.requestStorageAccess === 'function',
}, '*');

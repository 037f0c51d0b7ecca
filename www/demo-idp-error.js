// Demo login page: "simulate an identity-provider error". A real portal calls the element's
// explain() from its OIDC client's error callback; here a button does, with a sample error.
const SAMPLES = {
  clock: { idp: 'entra', code: 'AADSTS500133', message: 'AADSTS500133: Assertion is not within its valid time range.' },
  'third-party-cookies': { idp: 'entra', code: 'login_required', message: 'AADSTS50058: A silent sign-in request was sent but no user is signed in.' },
  popup: { idp: 'entra', code: 'popup_window_error', message: 'Error opening popup window. This can happen if popups are blocked in the browser.' },
  saml: { idp: 'saml', code: 'invalid_response', message: 'Assertion condition NotBefore not met' },
  unknown: { idp: 'entra', code: 'AADSTS99999' },
};

// A plain button, not a form's: the sign-in form stays the page's only one to submit.
document.querySelector('#demo-idp-error button')?.addEventListener('click', () => {
  const sample = SAMPLES[document.getElementById('demo-idp-sample').value];
  const element = document.querySelector('preflight-check[mode=inline]');
  element.explain({ ...sample, correlation_id: crypto.randomUUID(), time: new Date().toISOString() });
});

use super::explain::{ExplainFacts, Explanation, explain};
use super::*;
use crate::clock::ClockEstimate;
use crate::config::DeploymentConfig;
use crate::finding::{Code, Finding};
use crate::i18n::Facts;

fn failure(idp: Option<&str>, code: Option<&str>, message: Option<&str>) -> SignInFailure {
    SignInFailure::from_fields(idp.map(Into::into), code.map(Into::into), message.map(Into::into), None, None).unwrap()
}

fn finding(code: Code) -> Finding {
    Finding::from_catalog(code, &Facts::default())
}

fn facts<'a>(findings: &'a [Finding], clock: Option<&'a ClockEstimate>) -> ExplainFacts<'a> {
    ExplainFacts { findings, clock, public_network: false, popup_tested: true }
}

#[test]
fn the_catalog_knows_at_least_twenty_errors_of_every_provider_each_once() {
    assert!(known::KNOWN.len() >= 20, "{}", known::KNOWN.len());
    for idp in [Idp::Entra, Idp::Okta, Idp::Keycloak, Idp::Oidc, Idp::Saml] {
        assert!(known::KNOWN.iter().any(|k| k.idp == Some(idp)), "{idp:?}");
    }
    let explained = known::KNOWN.iter().filter(|k| !k.explained_by.is_empty()).count();
    assert!(explained >= 20, "only {explained} known errors name a check that can explain them");
    for (i, k) in known::KNOWN.iter().enumerate() {
        assert!(!known::KNOWN[..i].iter().any(|o| o.code.eq_ignore_ascii_case(k.code)), "{} twice", k.code);
        assert!(!k.meaning.fr.is_empty() && !k.meaning.en.is_empty() && k.meaning.fr != k.meaning.en, "{}", k.code);
        assert!(k.code.chars().count() <= limits::CODE);
    }
}

#[test]
fn errors_are_recognised_by_code_or_by_their_message() {
    let code = |f: &SignInFailure| built_in(f).map(|k| k.code);
    assert_eq!(code(&failure(Some("entra"), Some("AADSTS50058"), None)), Some("AADSTS50058"));
    // MSAL: `login_required` whose message names the AADSTS code: the precise one wins.
    let msal = failure(Some("msal"), Some("login_required"), Some("AADSTS50058: A silent sign-in request was sent"));
    assert_eq!(code(&msal), Some("AADSTS50058"));
    assert_eq!(
        code(&failure(Some("okta"), Some("INTERNAL"), Some("The JWT was issued in the future"))),
        Some("The JWT was issued in the future")
    );
    assert_eq!(code(&failure(None, Some("LOGIN_REQUIRED"), None)), Some("login_required"), "any case");
    let saml = failure(Some("saml"), None, Some("Assertion condition NotBefore 2026-12-01T02:47:00Z not met"));
    assert_eq!(code(&saml), Some("NotBefore"));
    assert_eq!(code(&failure(Some("keycloak"), Some("cookie_not_found"), None)), Some("cookie_not_found"));
    // A provider's own code does not match another provider's error.
    assert_eq!(code(&failure(Some("okta"), Some("popup_window_error"), None)), None);
    assert_eq!(code(&failure(Some("my-idp"), Some("popup_window_error"), None)), Some("popup_window_error"));
    assert_eq!(code(&failure(Some("entra"), Some("AADSTS99999"), None)), None);
}

#[test]
fn a_clock_error_is_explained_by_the_measured_drift() {
    let skew = ClockEstimate { offset_ms: -360_000.0, error_bound_ms: 20.0, delay_ms: 40.0, valid_samples: 1 };
    let findings = [finding(Code::ClkOk), finding(Code::ClkSkew), finding(Code::CooOk)];
    let f = failure(Some("entra"), Some("AADSTS500133"), None);
    let mapping = built_in(&f).unwrap().mapping();
    let answer = explain(&f, Some(&mapping), &facts(&findings, Some(&skew)));
    let Explanation::Explained { by, finding: Some(code), sentence } = &answer else { panic!("{answer:?}") };
    assert_eq!((*by, *code), (Explainer::Clock, Code::ClkSkew));
    assert!(
        sentence.en.starts_with("Your sign-in was refused because your computer's clock is 6\u{a0}min ahead: "),
        "{}",
        sentence.en
    );
    assert!(
        sentence.fr.starts_with(
            "Votre connexion a été refusée parce que l'horloge de votre ordinateur a 6\u{a0}min d'avance\u{a0}: "
        ),
        "{}",
        sentence.fr
    );
    assert_eq!(answer.state(), "explained");
}

#[test]
fn the_first_mapped_check_that_found_a_problem_explains() {
    let findings = [finding(Code::CooOk), finding(Code::Sso3pc)];
    let f = failure(Some("entra"), Some("AADSTS50058"), None);
    let answer = explain(&f, Some(&built_in(&f).unwrap().mapping()), &facts(&findings, None));
    let Explanation::Explained { by, sentence, .. } = answer else { panic!() };
    assert_eq!(by, Explainer::ThirdPartyCookies);
    assert!(sentence.en.contains("third-party cookies that single sign-on needs"), "{}", sentence.en);
}

#[test]
fn a_blocked_pop_up_explains_and_an_untested_one_asks_for_the_click() {
    let f = failure(Some("entra"), Some("popup_window_error"), None);
    let mapping = built_in(&f).unwrap().mapping();
    let blocked = [finding(Code::SsoPopup)];
    let answer = explain(&f, Some(&mapping), &facts(&blocked, None));
    assert!(answer.sentence().en.contains("blocks the sign-in pop-up window"), "{answer:?}");
    let untested = ExplainFacts { popup_tested: false, ..facts(&[], None) };
    assert_eq!(explain(&f, Some(&mapping), &untested).state(), "pending");
    let fine = [crate::sso::popup_finding(crate::sso::PopupObservation::Opened { closed_itself: true })];
    assert_eq!(explain(&f, Some(&mapping), &facts(&fine, None)).state(), "unexplained");
}

#[test]
fn the_network_channel_explains_a_conditional_access_refusal_from_the_internet() {
    let f = failure(Some("entra"), Some("AADSTS53003"), None);
    let mapping = built_in(&f).unwrap().mapping();
    let outside = ExplainFacts { public_network: true, ..facts(&[], None) };
    let answer = explain(&f, Some(&mapping), &outside);
    assert!(
        answer.sentence().en.contains("without the VPN")
            && answer.sentence().en.ends_with("connect the VPN, then sign in again.")
    );
    assert_eq!(explain(&f, Some(&mapping), &facts(&[], None)).state(), "unexplained");
}

#[test]
fn when_no_check_explains_it_says_so_plainly_and_offers_the_helpdesk() {
    let f = failure(Some("entra"), Some("AADSTS50133"), None);
    let answer = explain(&f, Some(&built_in(&f).unwrap().mapping()), &facts(&[finding(Code::CooOk)], None));
    let en = &answer.sentence().en;
    assert!(
        en.starts_with("Microsoft Entra ID refused your sign-in (AADSTS50133: the session is no longer valid"),
        "{en}"
    );
    assert!(en.contains("not a problem of this computer") && en.contains("share the result with the helpdesk"), "{en}");
    let f = failure(Some("entra"), Some("AADSTS50058"), None);
    let answer = explain(&f, Some(&built_in(&f).unwrap().mapping()), &facts(&[finding(Code::CooOk)], None));
    assert!(answer.sentence().en.contains("none of the checks that can cause it found a problem"), "{answer:?}");
    let unknown = failure(Some("entra"), Some("AADSTS99999"), None);
    let answer = explain(&unknown, None, &facts(&[finding(Code::ClkSkew)], None));
    assert_eq!(answer.state(), "unexplained");
    assert!(
        answer.sentence().en.starts_with("Preflight does not know the error \u{201c}AADSTS99999\u{201d}"),
        "{answer:?}"
    );
    assert!(answer.sentence().fr.contains("partagez le résultat avec l'assistance"));
}

#[test]
fn the_deployment_s_rules_come_first_and_follow_their_provider() {
    let text = "[portal]\nname = \"p\"\nversion = \"1\"\n[[sign_in_errors]]\nidp = \"keycloak\"\ncode = \"invalid_grant\"\nexplained_by = [\"cache\"]\n[[sign_in_errors]]\nidp = \"corp-idp\"\ncode = \"E42\"\nexplained_by = [\"clock\"]\nmeaning = { fr = \"jeton refusé\", en = \"token refused\" }\n";
    let config = DeploymentConfig::parse(text).unwrap();
    let rule = |f: &SignInFailure| deployment_rule(f, &config.sign_in_errors).map(|r| r.code.get_ref().clone());
    assert_eq!(rule(&failure(Some("keycloak"), Some("invalid_grant"), None)).as_deref(), Some("invalid_grant"));
    assert_eq!(
        rule(&failure(Some("entra"), Some("invalid_grant"), None)),
        None,
        "Entra's invalid_grant is the catalog's"
    );
    assert_eq!(rule(&failure(Some("Corp-IdP"), Some("e42"), None)).as_deref(), Some("E42"));
    assert_eq!(rule(&failure(Some("okta"), Some("E42"), None)), None);
    let mapping = deployment_rule(&failure(None, Some("E42"), None), &config.sign_in_errors).unwrap().mapping();
    assert_eq!(mapping.explained_by, [Explainer::Clock]);
    assert_eq!(mapping.meaning.unwrap().en, "token refused");
}

#[test]
fn fields_are_bounded_printable_and_trimmed() {
    let ok = SignInFailure::from_fields(
        Some(" entra ".into()),
        Some("AADSTS50058".into()),
        Some("AADSTS50058: A silent sign-in request was sent but no user is signed in.".into()),
        Some("6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01".into()),
        Some("2026-12-01 02:41:07Z".into()),
    )
    .unwrap();
    assert_eq!(ok.error.idp.as_deref(), Some("entra"));
    assert_eq!(ok.error.idp_name().as_deref(), Some("Microsoft Entra ID"));
    let bad = |idp: &str, code: &str, id: &str, time: &str| {
        SignInFailure::from_fields(Some(idp.into()), Some(code.into()), None, Some(id.into()), Some(time.into()))
    };
    assert_eq!(
        bad("entra", "A B", "x", "1").unwrap_err(),
        SignInErrorProblem::Character { field: "code", character: "U+0020".into() }
    );
    assert!(matches!(
        bad("entra", "A", "id<script>", "1"),
        Err(SignInErrorProblem::Character { field: "correlation_id", .. })
    ));
    assert!(matches!(bad("en\u{202e}tra", "A", "x", "1"), Err(SignInErrorProblem::Character { field: "idp", .. })));
    assert!(matches!(bad("entra", "A", "x", "2026;DROP"), Err(SignInErrorProblem::Character { field: "time", .. })));
    let long = "x".repeat(limits::CORRELATION_ID + 1);
    let err = bad("entra", "A", &long, "1").unwrap_err();
    assert_eq!(err, SignInErrorProblem::TooLong { field: "correlation_id", max: limits::CORRELATION_ID });
    assert_eq!(err.text(crate::i18n::Lang::Fr), "« correlation_id » a plus de 64 caractères");
    let message = "m".repeat(limits::MESSAGE + 1);
    let err = SignInFailure::from_fields(None, None, Some(message), None, None).unwrap_err();
    assert!(matches!(err, SignInErrorProblem::TooLong { field: "message", .. }));
}

#[test]
fn explainer_names_round_trip_through_attributes() {
    let all = Explainer::ALL;
    assert_eq!(Explainer::parse_list(&Explainer::list(&all)), all);
    assert_eq!(Explainer::parse_list("clock bogus popups"), [Explainer::Clock, Explainer::Popups]);
}

#[test]
fn providers_are_known_by_the_names_portals_use() {
    for name in ["entra", "Azure AD", "AAD", "msal", "Microsoft"] {
        assert_eq!(Idp::from_name(name), Some(Idp::Entra), "{name}");
    }
    assert_eq!(Idp::from_name(" OKTA "), Some(Idp::Okta));
    assert_eq!(Idp::from_name("oauth2"), Some(Idp::Oidc));
    assert_eq!(Idp::from_name("corp-idp"), None);
    let error = SignInError { idp: Some("corp-idp".into()), ..Default::default() };
    assert_eq!(error.idp_name().as_deref(), Some("corp-idp"), "an unknown provider keeps its name");
}

#[test]
fn storage_and_cache_problems_explain_msal_s_stuck_interaction() {
    let f = failure(Some("msal"), Some("interaction_in_progress"), None);
    let mapping = built_in(&f).unwrap().mapping();
    let answer = explain(&f, Some(&mapping), &facts(&[finding(Code::StoOk), finding(Code::CacStale)], None));
    let Explanation::Explained { by, finding: Some(code), sentence } = answer else { panic!() };
    assert_eq!((by, code), (Explainer::Cache, Code::CacStale));
    assert!(sentence.en.contains("an old version of the portal from its cache: Click"), "{}", sentence.en);
    // Only problems explain: an OK or informational finding never does.
    let fine = [finding(Code::StoOk), finding(Code::CacOk), finding(Code::ClkOk)];
    assert_eq!(explain(&f, Some(&mapping), &facts(&fine, None)).state(), "unexplained");
}

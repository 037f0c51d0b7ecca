use super::*;
use crate::channel::classify::{Access, classify};
use crate::config::CITY_PORTAL_EXAMPLE;

fn config() -> DeploymentConfig {
    DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap()
}

fn at(utc: &str) -> Timestamp {
    utc.parse().unwrap()
}

fn from(address: &str) -> Access {
    classify(&config(), address.parse().unwrap())
}

const INTERNAL: &str = "10.10.4.2";
const VPN: &str = "198.51.100.23";
const INTERNET: &str = "203.0.113.9";
/// Wednesday 2026-11-25, 10:00 in Paris.
const WEDNESDAY_MORNING: &str = "2026-11-25T09:00:00Z";
/// Wednesday 2026-11-25, 21:00 in Paris: the Hôtel de Ville closed at 20:00.
const WEDNESDAY_NIGHT: &str = "2026-11-25T20:00:00Z";

fn route(address: &str, intent: &str, when: &str) -> Recommendation {
    recommend(&config(), &from(address), &intent.parse().unwrap(), at(when), None).unwrap()
}

fn all_advice(r: &Recommendation) -> String {
    r.advice.iter().map(|t| format!("{} | {}", t.en, t.fr)).collect::<Vec<_>>().join(" || ")
}

#[test]
fn pay_slip_from_every_channel_goes_through_the_best_one_here() {
    let inside = route(INTERNAL, "fiche-de-paie", WEDNESDAY_MORNING);
    assert_eq!((inside.channel, inside.usable_here), (Some(Channel::Internal), true));
    assert_eq!(inside.link.as_deref(), Some("/go/fiche-de-paie"));
    assert!(all_advice(&inside).contains("closes at 20:00"), "{}", all_advice(&inside));

    let vpn = route(VPN, "fiche-de-paie", WEDNESDAY_NIGHT);
    assert_eq!((vpn.channel, vpn.usable_here), (Some(Channel::Vpn), true));
    assert!(vpn.advice.is_empty());

    let home = route(INTERNET, "fiche-de-paie", WEDNESDAY_NIGHT);
    assert_eq!((home.channel, home.usable_here), (Some(Channel::Portal), true));
    assert!(all_advice(&home).contains("two-factor code"), "sensitive app on the portal asks for 2FA");
}

#[test]
fn a_vpn_only_app_from_the_internet_says_use_the_vpn() {
    let r = route(INTERNET, "etat-civil", WEDNESDAY_MORNING);
    assert_eq!((r.channel, r.usable_here, r.link.as_deref()), (Some(Channel::Vpn), false, None));
    let advice = all_advice(&r);
    assert!(
        advice.contains(
            "The civil registry app is not available from the web portal: use the VPN from a professional laptop"
        ),
        "{advice}"
    );
    assert!(advice.contains("n'est pas disponible depuis le portail web : utilisez le VPN"), "{advice}");
}

#[test]
fn an_internal_only_app_points_to_an_internal_workstation() {
    let r = route(VPN, "urbanisme", WEDNESDAY_MORNING);
    assert_eq!((r.channel, r.usable_here), (Some(Channel::Internal), false));
    assert!(all_advice(&r).contains("use an internal-network workstation"));
    let inside = route(INTERNAL, "urbanisme", WEDNESDAY_MORNING);
    assert_eq!((inside.channel, inside.usable_here), (Some(Channel::Internal), true));
}

#[test]
fn internal_access_outside_opening_hours_falls_back_to_the_portal() {
    let r = route(INTERNAL, "conges", WEDNESDAY_NIGHT);
    assert_eq!((r.channel, r.usable_here), (Some(Channel::Portal), true));
    assert!(all_advice(&r).contains("Internal access is closed for today at Hôtel de Ville"), "{}", all_advice(&r));

    let early = route(INTERNAL, "conges", "2026-11-25T05:00:00Z"); // 06:00 in Paris
    assert!(all_advice(&early).contains("it opens at 07:30"), "{}", all_advice(&early));

    let blocked = route(INTERNAL, "urbanisme", WEDNESDAY_NIGHT);
    assert_eq!((blocked.channel, blocked.usable_here), (Some(Channel::Internal), false));
}

#[test]
fn opening_hours_follow_daylight_saving() {
    // Saturday 2026-03-28 (winter time) vs Saturday 2026-04-04 (summer time), 08:30 UTC.
    // Winter: 09:30 in Paris, open (sat 09:00-13:00). Summer: 10:30, open. 07:30 UTC: 08:30 vs 09:30.
    assert!(route(INTERNAL, "conges", "2026-03-28T07:30:00Z").channel == Some(Channel::Portal));
    assert!(route(INTERNAL, "conges", "2026-04-04T07:30:00Z").channel == Some(Channel::Internal));
}

#[test]
fn password_resets_go_to_the_department_it_service() {
    let c = config();
    let r = recommend(&c, &from(INTERNET), &Intent::ResetPassword, at(WEDNESDAY_MORNING), Some("dases")).unwrap();
    assert_eq!(r.channel, None);
    let advice = all_advice(&r);
    assert!(
        advice.contains(
            "department's IT service (Direction de l'action sociale): service informatique DASES, 01 00 00 00 01"
        ),
        "{advice}"
    );
    assert!(advice.contains("professional mail password"));

    let unknown = recommend(&c, &from(INTERNET), &Intent::ResetPassword, at(WEDNESDAY_MORNING), None).unwrap();
    assert!(all_advice(&unknown).contains("choose your department"));
}

#[test]
fn missing_sms_codes_point_to_the_hr_directory() {
    let r = route(INTERNET, "2fa-code-missing", WEDNESDAY_MORNING);
    assert!(all_advice(&r).contains("HR directory"));
    assert!(all_advice(&r).contains("annuaire RH"));
}

#[test]
fn unknown_intents_list_the_known_ones() {
    let err =
        recommend(&config(), &from(INTERNET), &"bowling".parse().unwrap(), at(WEDNESDAY_MORNING), None).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("unknown intent `bowling`"));
    assert!(
        message.contains("fiche-de-paie") && message.contains("reset-password") && message.contains("2fa-code-missing")
    );
}

#[test]
fn every_intent_times_every_channel_gets_an_answer_with_advice_in_both_languages() {
    let c = config();
    for address in [INTERNAL, VPN, INTERNET, "127.0.0.1"] {
        for intent in known_intents(&c) {
            for when in [WEDNESDAY_MORNING, WEDNESDAY_NIGHT] {
                let r = recommend(&c, &from(address), &intent.parse().unwrap(), at(when), Some("dfa")).unwrap();
                assert_eq!(r.usable_here, r.link.is_some() || r.channel.is_none(), "{address} {intent} {when}");
                for t in &r.advice {
                    assert!(!t.fr.is_empty() && !t.en.is_empty() && t.fr != t.en);
                }
            }
        }
    }
}

#[test]
fn a_suspicious_message_names_the_security_contact_what_to_forward_and_never_the_password() {
    let r = route(INTERNET, "suspicious-message", WEDNESDAY_MORNING);
    assert_eq!((r.channel, r.usable_here, r.link.as_deref()), (None, true, None));
    let advice = all_advice(&r);
    assert!(r.advice[0].en.starts_with("Never type your password"), "first, before anything else: {advice}");
    assert!(r.advice[0].fr.starts_with("Ne tapez jamais votre mot de passe"), "{advice}");
    assert!(
        advice.contains("Report it to IT security: équipe sécurité informatique de la Ville, 01 00 00 00 99"),
        "{advice}"
    );
    assert!(advice.contains("as an attachment to signalement-securite@example.fr"), "{advice}");
    assert!(advice.contains("password reset you did not ask for"), "{advice}");
}

#[test]
fn without_a_security_contact_a_suspicious_message_goes_to_the_department() {
    let text = CITY_PORTAL_EXAMPLE.replace("\n[security]\n", "\n[unused_security]\n");
    let text: String = text
        .lines()
        .filter(|l| {
            !l.starts_with("[unused_security]") && !l.starts_with("contact =") && !l.starts_with("forward_to =")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let c = DeploymentConfig::parse(&text).unwrap();
    assert_eq!(c.security.contact(), None);
    let intent = Intent::SuspiciousMessage;
    let dases = recommend(&c, &from(INTERNET), &intent, at(WEDNESDAY_MORNING), Some("dases")).unwrap();
    let advice = all_advice(&dases);
    assert!(
        advice.contains("your department's IT service (Direction de l'action sociale): service informatique DASES"),
        "{advice}"
    );
    assert!(advice.contains("forward it as an attachment"), "{advice}");
    let none = recommend(&c, &from(INTERNET), &intent, at(WEDNESDAY_MORNING), None).unwrap();
    assert!(all_advice(&none).contains("choose your department"), "{}", all_advice(&none));
    assert!(none.advice[0].en.starts_with("Never type your password"));
}

#[test]
fn two_factor_activation_is_asked_of_the_department_it_service() {
    let c = config();
    let intent = Intent::TwoFactorActivation;
    let r = recommend(&c, &from(VPN), &intent, at(WEDNESDAY_MORNING), Some("dfa")).unwrap();
    assert_eq!(r.channel, None);
    let advice = all_advice(&r);
    assert!(
        advice.contains("activated by your department's IT service (Direction des finances et des achats): service informatique DFA, 01 00 00 00 02"),
        "{advice}"
    );
    assert!(advice.contains("cannot be activated online") && advice.contains("HR directory"), "{advice}");
    let unknown = recommend(&c, &from(VPN), &intent, at(WEDNESDAY_MORNING), None).unwrap();
    assert!(all_advice(&unknown).contains("choose your department"));
}

#[test]
fn the_picker_offers_the_security_and_2fa_intents_and_the_route_parses_them() {
    let ids = known_intents(&config());
    for id in BUILT_IN_INTENTS {
        assert!(ids.iter().any(|i| i == id), "{id} in {ids:?}");
    }
    assert_eq!("suspicious-message".parse::<Intent>().unwrap(), Intent::SuspiciousMessage);
    assert_eq!("2fa-activation".parse::<Intent>().unwrap(), Intent::TwoFactorActivation);
    let choices = intent_choices(&config());
    let suspicious = choices.iter().find(|c| c.id == SUSPICIOUS_MESSAGE).unwrap();
    assert_eq!(suspicious.name.en, "I received a suspicious message or a password reset I did not ask for");
    let activation = choices.iter().find(|c| c.id == TWO_FACTOR_ACTIVATION).unwrap();
    assert_eq!(activation.name.en, "I need two-factor authentication activated");
}

#[test]
fn an_app_may_not_take_a_built_in_intent_id() {
    let text = "[portal]\nname = \"p\"\nversion = \"1\"\n[[apps]]\nid = \"2fa-activation\"\nname = { fr = \"A\", en = \"A\" }\nurl = \"https://a.example/\"\nchannels = [\"portal\"]\n";
    let e = DeploymentConfig::parse(text).unwrap_err();
    assert_eq!((e.0[0].line, e.0[0].column), (5, 6), "{e}");
    assert!(e.0[0].message.contains("built-in intent"), "{e}");
}

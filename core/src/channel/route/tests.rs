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

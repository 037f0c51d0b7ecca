//! Which channel to use for an intent, from where the agent is, now — and what to know before trying.

use std::str::FromStr;

use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};

use super::classify::Access;
use super::{AccessClass, Channel};
use crate::config::DeploymentConfig;
use crate::config::access::{App, Department, Site};
use crate::config::opening_hours::{closing_time, hhmm, next_opening_today, site_time_zone};
use crate::i18n::{Facts, Text, texts};

/// What the agent wants to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Open a configured app (pay slip, leave, webmail, business apps).
    App(String),
    ResetPassword,
    TwoFactorCodeMissing,
    /// A suspicious message, or a password reset the agent did not ask for.
    SuspiciousMessage,
    /// Two-factor authentication to be activated for the agent's account.
    TwoFactorActivation,
}

pub const RESET_PASSWORD: &str = "reset-password";
pub const TWO_FACTOR_CODE_MISSING: &str = "2fa-code-missing";
pub const SUSPICIOUS_MESSAGE: &str = "suspicious-message";
pub const TWO_FACTOR_ACTIVATION: &str = "2fa-activation";

/// The built-in intents' ids, in the picker's order (after the apps). An app may not take one.
pub const BUILT_IN_INTENTS: [&str; 4] =
    [RESET_PASSWORD, TWO_FACTOR_CODE_MISSING, TWO_FACTOR_ACTIVATION, SUSPICIOUS_MESSAGE];

impl FromStr for Intent {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(match text {
            RESET_PASSWORD => Intent::ResetPassword,
            TWO_FACTOR_CODE_MISSING => Intent::TwoFactorCodeMissing,
            SUSPICIOUS_MESSAGE => Intent::SuspiciousMessage,
            TWO_FACTOR_ACTIVATION => Intent::TwoFactorActivation,
            app => Intent::App(app.to_owned()),
        })
    }
}

texts! {
    /// `/go/{app}`'s page when the app cannot be reached from here and now; `{app}` is its name.
    pub GO_TITLE { fr: "{app} : pas depuis ce poste", en: "{app}: not from this device" }
    pub UNKNOWN_APP_TITLE { fr: "Application inconnue", en: "Unknown app" }
    pub UNKNOWN_APP_TEXT {
        fr: "Cette application n'existe pas sur le portail.",
        en: "This app does not exist on the portal.",
    }
    /// The built-in intents of the picker.
    INTENT_RESET_PASSWORD { fr: "Réinitialiser mon mot de passe", en: "Reset my password" }
    INTENT_TWO_FACTOR_CODE_MISSING {
        fr: "Je ne reçois pas le code de double authentification",
        en: "My two-factor code does not arrive",
    }
    INTENT_SUSPICIOUS_MESSAGE {
        fr: "J'ai reçu un message suspect ou une réinitialisation de mot de passe que je n'ai pas demandée",
        en: "I received a suspicious message or a password reset I did not ask for",
    }
    INTENT_TWO_FACTOR_ACTIVATION {
        fr: "Je dois faire activer la double authentification",
        en: "I need two-factor authentication activated",
    }
    /// `{app}` cannot be used from `{here}` (a channel's name), and `{instead}` says what to use.
    NOT_AVAILABLE_HERE { fr: "{app} n'est pas disponible depuis {here}{instead}.", en: "{app} is not available from {here}{instead}." }
    USE_INSTEAD { fr: " : utilisez {channel}", en: ": use {channel}" }
    CLOSES_AT { fr: "L'accès interne ferme à {time} sur votre site.", en: "Internal access closes at {time} at your site." }
    CLOSED_OPENS_AT {
        fr: "L'accès interne est fermé en ce moment sur le site {site} ; il ouvre à {time}.",
        en: "Internal access is closed right now at {site}; it opens at {time}.",
    }
    CLOSED_FOR_TODAY {
        fr: "L'accès interne est fermé pour aujourd'hui sur le site {site}.",
        en: "Internal access is closed for today at {site}.",
    }
    TWO_FACTOR_NEEDED {
        fr: "{app} demande un code de double authentification sur le portail web : gardez votre mobile professionnel à portée de main.",
        en: "{app} asks for a two-factor code on the web portal: keep your professional mobile at hand.",
    }
    RESET_BY_DEPARTMENT {
        fr: "Les mots de passe sont réinitialisés par le service informatique de votre direction ({department}) : {contact}.",
        en: "Passwords are reset by your department's IT service ({department}): {contact}.",
    }
    RESET_CHOOSE_DEPARTMENT {
        fr: "Les mots de passe sont réinitialisés par le service informatique de votre direction, pas en ligne : choisissez votre direction pour voir qui contacter.",
        en: "Passwords are reset by your department's IT service, not online: choose your department to see whom to contact.",
    }
    PASSWORDS_LINKED {
        fr: "Le mot de passe du portail est celui de votre messagerie professionnelle : l'oubli de l'un bloque l'autre.",
        en: "Your portal password is your professional mail password: forgetting one blocks the other.",
    }
    NEVER_TYPE_PASSWORD {
        fr: "Ne tapez jamais votre mot de passe sur une page ouverte depuis ce message, et ne répondez pas : le service informatique ne vous demandera jamais votre mot de passe.",
        en: "Never type your password on a page opened from this message, and do not reply: IT will never ask you for your password.",
    }
    REPORT_TO_SECURITY {
        fr: "Signalez-le à la sécurité informatique : {contact}.",
        en: "Report it to IT security: {contact}.",
    }
    REPORT_TO_DEPARTMENT {
        fr: "Signalez-le au service informatique de votre direction ({department}) : {contact}.",
        en: "Report it to your department's IT service ({department}): {contact}.",
    }
    REPORT_CHOOSE_DEPARTMENT {
        fr: "Signalez-le au service informatique de votre direction : choisissez votre direction pour voir qui contacter.",
        en: "Report it to your department's IT service: choose your department to see whom to contact.",
    }
    FORWARD_TO {
        fr: "Transférez le message suspect en pièce jointe à {address} (ses en-têtes montrent d'où il vient), puis supprimez-le.",
        en: "Forward the suspicious message as an attachment to {address} (its headers show where it came from), then delete it.",
    }
    WHAT_TO_FORWARD {
        fr: "Gardez le message suspect pour le transférer en pièce jointe (ses en-têtes montrent d'où il vient), ou une capture d'écran s'il s'agit d'un SMS ; n'ouvrez pas ses liens ni ses pièces jointes.",
        en: "Keep the suspicious message to forward it as an attachment (its headers show where it came from), or a screenshot if it is a text message; do not open its links or attachments.",
    }
    UNREQUESTED_RESET {
        fr: "Une réinitialisation de mot de passe que vous n'avez pas demandée peut viser votre compte : signalez-la même si vous n'avez rien cliqué.",
        en: "A password reset you did not ask for may be aimed at your account: report it even if you clicked nothing.",
    }
    ACTIVATION_BY_DEPARTMENT {
        fr: "La double authentification s'active auprès du service informatique de votre direction ({department}) : {contact}. Elle ne s'active pas en ligne.",
        en: "Two-factor authentication is activated by your department's IT service ({department}): {contact}. It cannot be activated online.",
    }
    ACTIVATION_CHOOSE_DEPARTMENT {
        fr: "La double authentification s'active auprès du service informatique de votre direction, pas en ligne : choisissez votre direction pour voir qui contacter.",
        en: "Two-factor authentication is activated by your department's IT service, not online: choose your department to see whom to contact.",
    }
    ACTIVATION_MOBILE {
        fr: "Les codes seront envoyés au mobile professionnel inscrit dans l'annuaire RH : vérifiez qu'il est à jour avant d'appeler.",
        en: "Codes will be sent to the professional mobile listed in the HR directory: check that it is right before you call.",
    }
    SMS_CODE_MISSING {
        fr: "Code SMS non reçu : vérifiez que votre numéro de mobile professionnel est à jour dans l'annuaire RH ; un changement de ligne non signalé bloque l'envoi.",
        en: "SMS code not arriving: check that your professional mobile number is right in the HR directory; an unreported line change blocks the SMS.",
    }
}

/// The answer for one intent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    /// The channel to use; `None` when the intent is not about a channel (password reset).
    pub channel: Option<Channel>,
    /// Whether that channel can be used from where the agent is, right now.
    pub usable_here: bool,
    /// Where to go (`/go/{app}`), when usable here.
    pub link: Option<String>,
    /// What to know, most important first.
    pub advice: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    #[error("unknown intent `{0}`: use one of {1}")]
    UnknownIntent(String, String),
}

pub fn recommend(
    config: &DeploymentConfig,
    access: &Access,
    intent: &Intent,
    now: Timestamp,
    department: Option<&str>,
) -> Result<Recommendation, RouteError> {
    match intent {
        Intent::App(id) => match config.app(id) {
            Some(app) => Ok(recommend_app(config, access, app, &paris(now))),
            None => Err(RouteError::UnknownIntent(id.clone(), known_intents(config).join(", "))),
        },
        Intent::ResetPassword => Ok(advice_only(reset_password(config.department(department.unwrap_or(""))))),
        Intent::TwoFactorCodeMissing => Ok(advice_only(vec![two_factor_code_missing()])),
        Intent::SuspiciousMessage => Ok(advice_only(suspicious_message(config, department))),
        Intent::TwoFactorActivation => {
            Ok(advice_only(two_factor_activation(config.department(department.unwrap_or("")))))
        }
    }
}

/// One entry of the intent picker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntentChoice {
    pub id: String,
    pub name: Text,
}

/// The picker's entries: each app ("I want my pay slip"), then the built-in intents.
pub fn intent_choices(config: &DeploymentConfig) -> Vec<IntentChoice> {
    let apps = config.apps.iter().map(|a| IntentChoice { id: a.id.get_ref().clone(), name: a.name.clone() });
    let names = [
        INTENT_RESET_PASSWORD,
        INTENT_TWO_FACTOR_CODE_MISSING,
        INTENT_TWO_FACTOR_ACTIVATION,
        INTENT_SUSPICIOUS_MESSAGE,
    ];
    let built_in = BUILT_IN_INTENTS
        .into_iter()
        .zip(names)
        .map(|(id, name)| IntentChoice { id: id.to_owned(), name: Text::from(name) });
    apps.chain(built_in).collect()
}

/// Every intent this deployment answers, for pickers and error messages.
pub fn known_intents(config: &DeploymentConfig) -> Vec<String> {
    intent_choices(config).into_iter().map(|c| c.id).collect()
}

pub(crate) fn paris(now: Timestamp) -> ZonedDateTime {
    now.to_zoned_datetime(site_time_zone())
}

/// The channels usable from here and now, best first.
pub fn channels_here(access: &Access, site: Option<&Site>, now: &ZonedDateTime) -> Vec<Channel> {
    match access.class {
        AccessClass::Internal if site.is_some_and(|s| site_open(s, now)) => vec![Channel::Internal, Channel::Portal],
        AccessClass::Vpn => vec![Channel::Vpn, Channel::Portal],
        _ => vec![Channel::Portal],
    }
}

fn site_open(site: &Site, now: &ZonedDateTime) -> bool {
    site.opening_hours.is_empty() || closing_time(&site.opening_hours, now).is_some()
}

fn recommend_app(config: &DeploymentConfig, access: &Access, app: &App, now: &ZonedDateTime) -> Recommendation {
    let site = access.site.as_deref().and_then(|id| config.site(id));
    let here = channels_here(access, site, now);
    let mut advice = Vec::new();
    if let Some(site) = site.filter(|s| !site_open(s, now)) {
        advice.push(site_closed(site, now));
    }
    if let Some(&channel) = here.iter().find(|c| app.works_on(**c)) {
        if channel == Channel::Internal
            && let Some(closes) = site.and_then(|s| closing_time(&s.opening_hours, now))
        {
            advice.push(closes_at(closes));
        }
        if channel == Channel::Portal && app.two_factor {
            advice.push(two_factor_needed(app));
        }
        let link = Some(format!("/go/{}", app.id.get_ref()));
        return Recommendation { channel: Some(channel), usable_here: true, link, advice };
    }
    // Not usable from here: say where it works, VPN first (it works from home).
    let elsewhere = [Channel::Vpn, Channel::Internal, Channel::Portal].into_iter().find(|c| app.works_on(*c));
    advice.insert(0, not_available_here(app, here[0], elsewhere));
    Recommendation { channel: elsewhere, usable_here: false, link: None, advice }
}

fn advice_only(advice: Vec<Text>) -> Recommendation {
    Recommendation { channel: None, usable_here: true, link: None, advice }
}

fn not_available_here(app: &App, here: Channel, target: Option<Channel>) -> Text {
    let instead = match target {
        Some(c) => Facts::default().with("channel", c.name()).fill(&USE_INSTEAD),
        None => Text::default(),
    };
    Facts::default()
        .with("app", app.name.clone())
        .with("here", here.name())
        .with("instead", instead)
        .fill(&NOT_AVAILABLE_HERE)
}

fn closes_at(closes: jiff::civil::Time) -> Text {
    Facts::default().with("time", Text::same(hhmm(closes))).fill(&CLOSES_AT)
}

fn site_closed(site: &Site, now: &ZonedDateTime) -> Text {
    let facts = Facts::default().with("site", Text::same(site.name.clone()));
    match next_opening_today(&site.opening_hours, now) {
        Some(opens) => facts.with("time", Text::same(hhmm(opens))).fill(&CLOSED_OPENS_AT),
        None => facts.fill(&CLOSED_FOR_TODAY),
    }
}

fn two_factor_needed(app: &App) -> Text {
    Facts::default().with("app", app.name.clone()).fill(&TWO_FACTOR_NEEDED)
}

fn reset_password(department: Option<&Department>) -> Vec<Text> {
    let first = match department {
        Some(d) => department_facts(d).fill(&RESET_BY_DEPARTMENT),
        None => Text::from(RESET_CHOOSE_DEPARTMENT),
    };
    vec![first, Text::from(PASSWORDS_LINKED)]
}

/// Never type the password; whom to tell (the security team, else the department's IT service);
/// what to keep or forward; and that an unrequested reset is worth reporting too.
fn suspicious_message(config: &DeploymentConfig, department: Option<&str>) -> Vec<Text> {
    let report = match (config.security.contact(), config.department(department.unwrap_or(""))) {
        (Some(contact), _) => Facts::default().with("contact", Text::same(contact)).fill(&REPORT_TO_SECURITY),
        (None, Some(d)) => department_facts(d).fill(&REPORT_TO_DEPARTMENT),
        (None, None) => Text::from(REPORT_CHOOSE_DEPARTMENT),
    };
    let forward = match config.security.forward_to() {
        Some(address) => Facts::default().with("address", Text::same(address)).fill(&FORWARD_TO),
        None => Text::from(WHAT_TO_FORWARD),
    };
    vec![Text::from(NEVER_TYPE_PASSWORD), report, forward, Text::from(UNREQUESTED_RESET)]
}

fn two_factor_activation(department: Option<&Department>) -> Vec<Text> {
    let first = match department {
        Some(d) => department_facts(d).fill(&ACTIVATION_BY_DEPARTMENT),
        None => Text::from(ACTIVATION_CHOOSE_DEPARTMENT),
    };
    vec![first, Text::from(ACTIVATION_MOBILE)]
}

fn department_facts(department: &Department) -> Facts {
    Facts::default()
        .with("department", Text::same(department.name.clone()))
        .with("contact", Text::same(department.it_contact.clone()))
}

fn two_factor_code_missing() -> Text {
    Text::from(SMS_CODE_MISSING)
}

#[cfg(test)]
mod tests;

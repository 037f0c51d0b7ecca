//! How the helpdesk confirms each finding on the phone, fr and en. Kept out of the entries so that
//! the widget, which never shows it, does not ship it; a match, so that no code can lack one.

use crate::finding::Code;
use crate::i18n::Template;

pub fn helpdesk_check(code: Code) -> Template {
    match code {
        Code::ClkOk => Template {
            fr: "Rien à vérifier : l'horloge de l'appareil est à moins de 30 s de celle de l'edge.",
            en: "Nothing to check: the device clock is within 30 s of the edge.",
        },
        Code::ClkTotp => Template {
            fr: "Demandez à l'agent de lire l'heure de l'appareil, secondes comprises, et comparez avec la vôtre : plus de 30 s d'écart le confirme.",
            en: "Ask the agent to read the device time, seconds included, and compare with yours: more than 30 s off confirms it.",
        },
        Code::ClkSkew => Template {
            fr: "L'heure de l'appareil diffère de l'heure réelle de plus de 5 minutes.",
            en: "The device time differs from the real time by more than 5 minutes.",
        },
        Code::ClkTz => Template {
            fr: "Les minutes de l'appareil sont justes mais pas l'heure : vérifiez le réglage du fuseau horaire.",
            en: "The minutes on the device are right but the hour is not: check the time-zone setting.",
        },
        Code::ClkUnsure => Template {
            fr: "Relancez la vérification complète depuis une connexion plus rapide.",
            en: "Run the full check again from a faster connection.",
        },
        Code::ClkUnavailable => Template {
            fr: "Le service de vérification n'a pas répondu : le problème ne vient pas de l'agent.",
            en: "The check service did not answer: not a problem on the agent's side.",
        },
        Code::CooOk => Template {
            fr: "Rien à vérifier : un cookie de test est allé jusqu'à l'edge et en est revenu.",
            en: "Nothing to check: a test cookie went to the edge and came back.",
        },
        Code::CooBlocked => Template {
            fr: "Demandez quel navigateur est utilisé et si la navigation privée ou un bloqueur de cookies est actif ; une stratégie de l'entreprise peut bloquer les cookies.",
            en: "Ask which browser and whether private browsing or a cookie blocker is on; a company policy may block cookies.",
        },
        Code::CooLarge => Template {
            fr: "L'edge a mesuré l'en-tête Cookie que le navigateur envoie au portail.",
            en: "The edge measured the Cookie header the browser sends to the portal.",
        },
        Code::CooTooLarge => Template {
            fr: "L'edge a mesuré un en-tête Cookie de plus de 8 Ko, la limite habituelle des serveurs.",
            en: "The edge measured a Cookie header over 8 KB, the usual server limit.",
        },
        Code::StoOk => Template { fr: "Rien à vérifier.", en: "Nothing to check." },
        Code::StoBlocked => Template {
            fr: "localStorage ou sessionStorage a levé une erreur : la navigation privée ou une stratégie bloque les données de site.",
            en: "localStorage or sessionStorage threw: private mode or a policy blocks site data.",
        },
        Code::StoFull => Template {
            fr: "navigator.storage.estimate() indique plus de 90 % du quota utilisé.",
            en: "navigator.storage.estimate() reports over 90 % of the quota used.",
        },
        Code::CacOk => Template { fr: "Rien à vérifier.", en: "Nothing to check." },
        Code::CacStale => Template {
            fr: "La version de la page diffère de la version que l'edge annonce comme déployée.",
            en: "The page's version differs from the version the edge says is deployed.",
        },
        Code::CacWorker => Template {
            fr: "Un service worker autre que celui du portail en vigueur est enregistré pour le portail.",
            en: "A service worker other than the portal's current one is registered for the portal.",
        },
        Code::SecOk => Template { fr: "Rien à vérifier.", en: "Nothing to check." },
        Code::SecInsecure => Template {
            fr: "La page a été chargée en http simple depuis un autre nom que localhost.",
            en: "The page was loaded over plain http from a name other than localhost.",
        },
        Code::CrtClock => Template {
            fr: "Un hôte HTTPS a échoué alors que l'horloge de l'appareil est très décalée : les certificats paraissent expirés ou pas encore valides.",
            en: "An HTTPS host failed while the device clock is far off: certificates look expired or not yet valid.",
        },
        Code::CrtFilter => Template {
            fr: "Un hôte HTTPS a échoué depuis le réseau de l'agent ; vérifiez les proxys, l'inspection TLS et le certificat de l'hôte.",
            en: "An HTTPS host failed from the agent's network; check proxies, TLS inspection, and the host's certificate.",
        },
        Code::ShrDevice => Template {
            fr: "L'agent a déclaré un ordinateur partagé à la connexion, ou l'appareil est sur un réseau de postes partagés de la configuration.",
            en: "The agent declared a shared computer at sign-in, or the device is on a shared-workstation network of the config.",
        },
        Code::ShrPublic => Template {
            fr: "L'edge a vu la connexion arriver d'un réseau Wi-Fi public listé dans la configuration.",
            en: "The edge saw the connection come from a public Wi-Fi network listed in the config.",
        },
        Code::ShrIdle => Template {
            fr: "Le compte à rebours d'inactivité du poste partagé est arrivé à zéro : les données du portail ont été effacées exprès ; l'agent se reconnecte.",
            en: "The shared-workstation idle countdown ran out: the portal's data was wiped on purpose; the agent signs in again.",
        },
        Code::SsoOk => Template {
            fr: "Rien à vérifier : le cadre d'un autre site a gardé ses cookies et son stockage, ou la fenêtre pop-up de test s'est ouverte au clic de l'agent.",
            en: "Nothing to check: the frame from another site kept its cookies and storage, or the test pop-up window opened on the agent's click.",
        },
        Code::Sso3pc => Template {
            fr: "Demandez le navigateur et si les cookies tiers sont bloqués (réglages de confidentialité, navigation privée, stratégie de l'entreprise BlockThirdPartyCookies).",
            en: "Ask which browser and whether third-party cookies are blocked (privacy settings, private browsing, the company policy BlockThirdPartyCookies).",
        },
        Code::SsoPopup => Template {
            fr: "La fenêtre pop-up de test n'a pas pu s'ouvrir au clic de l'agent : bloqueur de pop-ups, extension ou stratégie de l'entreprise.",
            en: "The test pop-up window could not open on the agent's click: pop-up blocker, extension or company policy.",
        },
        Code::SsoPasskey => Template {
            fr: "Le constat dit si le navigateur annonce WebAuthn et un authentificateur de l'appareil ; sans lui, l'agent utilise une clé de sécurité ou son téléphone.",
            en: "The finding says whether the browser reports WebAuthn and a device authenticator; without one, the agent uses a security key or a phone.",
        },
    }
}

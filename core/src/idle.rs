//! `IdleCountdown`: when a shared workstation left alone shows its countdown, and when it wipes.
//!
//! Idle time is measured from timestamps the caller passes in (never from counting timer ticks,
//! which browsers throttle in background tabs), and only while the page is visible: a wipe must
//! always follow a countdown the agent could see.

use crate::i18n::{Lang, texts};

/// What the page should show now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IdlePhase {
    /// The agent is (recently) active: nothing to show.
    Active,
    /// The countdown is on screen; the wipe happens when `remaining_ms` reaches zero.
    Warning { remaining_ms: f64 },
    /// Time is up: log out and wipe now.
    Expired,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IdleCountdown {
    /// Idle time before the countdown appears.
    quiet_ms: f64,
    /// How long the countdown runs before the wipe.
    countdown_ms: f64,
    /// Idle time accrued during earlier visible stretches.
    banked_ms: f64,
    /// Start of the current visible stretch; `None` while hidden.
    visible_since: Option<f64>,
    expired: bool,
}

impl IdleCountdown {
    /// Starts counting at `now_ms` (ms since the epoch), on a page that is `visible` or not.
    pub fn new(idle_minutes: u32, countdown_seconds: u32, now_ms: f64, visible: bool) -> Self {
        IdleCountdown {
            quiet_ms: f64::from(idle_minutes) * 60_000.0,
            countdown_ms: f64::from(countdown_seconds) * 1_000.0,
            banked_ms: 0.0,
            visible_since: visible.then_some(now_ms),
            expired: false,
        }
    }

    /// The agent typed, clicked or scrolled: start over (also dismisses the countdown).
    /// Once expired, the wipe is under way and input cannot stop it.
    pub fn input(&mut self, now_ms: f64) {
        if self.expired {
            return;
        }
        self.banked_ms = 0.0;
        if self.visible_since.is_some() {
            self.visible_since = Some(now_ms);
        }
    }

    /// The page was hidden (another tab, minimised): bank the visible idle time and stop counting.
    pub fn hidden(&mut self, now_ms: f64) {
        if let Some(since) = self.visible_since.take() {
            self.banked_ms += elapsed(since, now_ms);
        }
    }

    /// The page is visible again: count on from what was banked.
    pub fn visible(&mut self, now_ms: f64) {
        if self.visible_since.is_none() {
            self.visible_since = Some(now_ms);
        }
    }

    /// Visible idle time so far.
    pub fn idle_ms(&self, now_ms: f64) -> f64 {
        self.banked_ms + self.visible_since.map_or(0.0, |since| elapsed(since, now_ms))
    }

    /// The phase at `now_ms`. Expiry is final.
    pub fn phase(&mut self, now_ms: f64) -> IdlePhase {
        let idle = self.idle_ms(now_ms);
        if self.expired || idle >= self.quiet_ms + self.countdown_ms {
            self.expired = true;
            IdlePhase::Expired
        } else if idle >= self.quiet_ms {
            IdlePhase::Warning { remaining_ms: self.quiet_ms + self.countdown_ms - idle }
        } else {
            IdlePhase::Active
        }
    }
}

/// Time between two readings; a clock set back counts as no time rather than negative time.
fn elapsed(since_ms: f64, now_ms: f64) -> f64 {
    (now_ms - since_ms).max(0.0)
}

/// Whole seconds left, rounded up, as shown and announced: "0:07" is shown until 7 s have all passed.
pub fn seconds_left(remaining_ms: f64) -> u32 {
    (remaining_ms.max(0.0) / 1_000.0).ceil() as u32
}

/// Seconds left at which a screen reader hears the countdown again (its start is announced by its
/// alert): a few steps, never every second, which would drown everything else out.
pub const ANNOUNCED_AT_SECONDS: [u32; 2] = [30, 10];

/// The step of [`ANNOUNCED_AT_SECONDS`] reached when the seconds left go from `before` to `now`, if
/// any (the lowest one when a tick jumped over several).
pub fn announced_step(before: u32, now: u32) -> Option<u32> {
    ANNOUNCED_AT_SECONDS.into_iter().filter(|&step| now <= step && step < before).min()
}

texts! {
    /// The countdown's timer.
    pub SECONDS_LEFT { fr: "{seconds}\u{a0}s", en: "{seconds}\u{a0}s" }
    /// What a screen reader hears at each step of the countdown.
    pub SECONDS_LEFT_ANNOUNCED {
        fr: "Plus que {seconds} secondes avant la déconnexion automatique.",
        en: "{seconds} seconds left before you are logged out automatically.",
    }
}

/// The countdown's announcement at a step: "30 seconds left before…".
pub fn announcement(step: u32, lang: Lang) -> String {
    SECONDS_LEFT_ANNOUNCED.fill(lang, &[("seconds", &step.to_string())])
}

/// The timer's text: "7 s".
pub fn timer_text(remaining_ms: f64, lang: Lang) -> String {
    SECONDS_LEFT.fill(lang, &[("seconds", &seconds_left(remaining_ms).to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: f64 = 1_764_086_400_000.0;
    const MIN: f64 = 60_000.0;

    fn countdown() -> IdleCountdown {
        IdleCountdown::new(10, 60, T0, true)
    }

    #[test]
    fn warns_after_the_quiet_time_and_expires_after_the_countdown_not_before() {
        let mut idle = countdown();
        assert_eq!(idle.phase(T0 + 10.0 * MIN - 1.0), IdlePhase::Active);
        assert_eq!(idle.phase(T0 + 10.0 * MIN), IdlePhase::Warning { remaining_ms: 60_000.0 });
        assert_eq!(idle.phase(T0 + 11.0 * MIN - 1.0), IdlePhase::Warning { remaining_ms: 1.0 });
        assert_eq!(idle.phase(T0 + 11.0 * MIN), IdlePhase::Expired);
    }

    #[test]
    fn input_starts_over_and_dismisses_the_countdown() {
        let mut idle = countdown();
        assert!(matches!(idle.phase(T0 + 10.5 * MIN), IdlePhase::Warning { .. }));
        idle.input(T0 + 10.5 * MIN);
        assert_eq!(idle.phase(T0 + 20.0 * MIN), IdlePhase::Active);
        assert_eq!(idle.phase(T0 + 21.5 * MIN), IdlePhase::Expired);
    }

    #[test]
    fn hidden_time_does_not_count_and_visible_time_resumes_from_real_time() {
        let mut idle = countdown();
        idle.hidden(T0 + 4.0 * MIN);
        // An hour in another tab: still 4 minutes idle, and no tick was needed to know it.
        assert_eq!(idle.phase(T0 + 64.0 * MIN), IdlePhase::Active);
        idle.visible(T0 + 64.0 * MIN);
        assert_eq!(idle.idle_ms(T0 + 65.0 * MIN), 5.0 * MIN);
        assert_eq!(idle.phase(T0 + 70.0 * MIN), IdlePhase::Warning { remaining_ms: 60_000.0 });
        assert_eq!(idle.phase(T0 + 71.0 * MIN), IdlePhase::Expired);
    }

    #[test]
    fn a_page_opened_hidden_waits_until_it_is_seen() {
        let mut idle = IdleCountdown::new(1, 10, T0, false);
        assert_eq!(idle.phase(T0 + 30.0 * MIN), IdlePhase::Active);
        idle.visible(T0 + 30.0 * MIN);
        assert_eq!(idle.phase(T0 + 31.0 * MIN + 10_000.0), IdlePhase::Expired);
    }

    #[test]
    fn repeated_visibility_events_do_not_double_count() {
        let mut idle = countdown();
        idle.visible(T0 + 5.0 * MIN);
        idle.hidden(T0 + 6.0 * MIN);
        idle.hidden(T0 + 7.0 * MIN);
        assert_eq!(idle.idle_ms(T0 + 8.0 * MIN), 6.0 * MIN);
    }

    #[test]
    fn expiry_is_final_and_input_while_hidden_still_resets() {
        let mut idle = IdleCountdown::new(1, 10, T0, true);
        idle.hidden(T0 + 30_000.0);
        idle.input(T0 + 40_000.0);
        idle.visible(T0 + 50_000.0);
        assert_eq!(idle.idle_ms(T0 + 60_000.0), 10_000.0);
        assert_eq!(idle.phase(T0 + 200_000.0), IdlePhase::Expired);
        idle.input(T0 + 200_001.0);
        assert_eq!(idle.phase(T0 + 200_002.0), IdlePhase::Expired);
    }

    #[test]
    fn a_clock_set_back_adds_no_idle_time() {
        let mut idle = countdown();
        assert_eq!(idle.phase(T0 - 5.0 * MIN), IdlePhase::Active);
        assert_eq!(idle.idle_ms(T0 - 5.0 * MIN), 0.0);
    }

    #[test]
    fn the_countdown_is_announced_at_a_few_steps_not_every_second() {
        let announced: Vec<u32> = (0..60).rev().filter_map(|left| announced_step(left + 1, left)).collect();
        assert_eq!(announced, [30, 10]);
        assert_eq!(announced_step(40, 5), Some(10), "a late tick announces the step it landed past");
        assert_eq!(announced_step(10, 10), None, "the same second is not announced twice");
        assert_eq!(announcement(10, Lang::En), "10 seconds left before you are logged out automatically.");
    }

    #[test]
    fn seconds_left_round_up() {
        assert_eq!(seconds_left(60_000.0), 60);
        assert_eq!(seconds_left(6_001.0), 7);
        assert_eq!(seconds_left(1.0), 1);
        assert_eq!(seconds_left(0.0), 0);
        assert_eq!(seconds_left(-3.0), 0);
        assert_eq!(timer_text(6_001.0, Lang::Fr), "7\u{a0}s");
    }
}

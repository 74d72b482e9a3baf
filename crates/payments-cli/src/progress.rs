//! Progress of long bulk operations on stderr: records and pages done, rate and time left.
//!
//! Shown only when stderr is a terminal and `--quiet` was not given; a file or a pipe never
//! sees a bar or its escape codes. While a bar is on screen, log lines and stdout go
//! through it (the bar steps aside for them), so a table printed to the same terminal is
//! not torn by redraws. A bar that is dropped before it finished (the listing failed) is
//! cleared, so the error line stands alone.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// `--quiet`: no progress at all.
static QUIET: AtomicBool = AtomicBool::new(false);

/// The bar on screen, if any: log lines and stdout step around it.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Turns progress off for the whole run (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Runs `write` with the bar on screen (if any) cleared for it, then drawn again.
fn around_bar<R>(write: impl FnOnce() -> R) -> R {
    let bar = ACTIVE.lock().ok().and_then(|active| active.clone());
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// stderr for log lines: the bar steps aside for each.
pub struct Stderr;

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        around_bar(|| std::io::stderr().write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        around_bar(|| std::io::stderr().write_all(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// stdout for output written while a bar may be on screen: the bar steps aside for each
/// write (a buffered writer on top makes that once per buffer).
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        around_bar(|| std::io::stdout().write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        around_bar(|| {
            let mut out = std::io::stdout().lock();
            out.write_all(buf)?;
            out.flush()
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stdout().flush()
    }
}

/// The progress of a bulk listing: records done of the total, pages done of the total.
pub struct Progress {
    bar: ProgressBar,
    /// Records a page holds.
    page_size: u64,
    /// What the records are called ("payments").
    noun: &'static str,
}

impl Progress {
    /// Progress of a listing of `noun` in pages of `page_size`; hidden unless stderr is a
    /// terminal and the run is not `--quiet`.
    pub fn new(noun: &'static str, page_size: u32) -> Self {
        let shown = !QUIET.load(Ordering::Relaxed) && std::io::stderr().is_terminal();
        let bar = if shown {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        let progress = Self {
            bar,
            page_size: u64::from(page_size).max(1),
            noun,
        };
        progress.style(None);
        if shown {
            progress.bar.enable_steady_tick(Duration::from_millis(200));
            if let Ok(mut active) = ACTIVE.lock() {
                *active = Some(progress.bar.clone());
            }
        }
        progress
    }

    /// Whether the bar is on screen.
    pub fn is_shown(&self) -> bool {
        !self.bar.is_hidden()
    }

    /// Sets how many records there are in all (a bulk batch's summary tells).
    pub fn set_total(&self, total: u64) {
        self.bar.set_length(total);
        self.style(Some(total));
    }

    fn style(&self, total: Option<u64>) {
        let template = match total {
            Some(_) => format!(
                "{{spinner}} {{bar:30}} {{human_pos}}/{{human_len}} {}, page {{msg}} \
                 ({{rate}}, {{elapsed}} elapsed, ETA {{eta}})",
                self.noun
            ),
            None => format!(
                "{{spinner}} {{human_pos}} {}, page {{msg}} ({{rate}}, {{elapsed}} elapsed)",
                self.noun
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(&template) {
            let rate = |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            };
            self.bar
                .set_style(style.with_key("rate", rate).progress_chars("=> "));
        }
        self.bar.set_message(self.pages(self.bar.position()));
    }

    /// `done/total` pages (`done` alone while the total is unknown).
    fn pages(&self, records: u64) -> String {
        let done = records.div_ceil(self.page_size);
        match self.bar.length() {
            Some(total) => format!("{done}/{}", total.div_ceil(self.page_size)),
            None => done.to_string(),
        }
    }

    /// One more record done.
    pub fn advance(&self) {
        self.bar.inc(1);
        let done = self.bar.position();
        // A new page began: say so.
        if done % self.page_size == 1 || self.page_size == 1 {
            self.bar.set_message(self.pages(done));
        }
    }

    /// The listing is complete: the bar makes way for one line saying what was done.
    pub fn finish(self) {
        if self.is_shown() {
            let done = self.bar.position();
            let elapsed = self.bar.elapsed();
            self.bar.finish_and_clear();
            let rate = done as f64 / elapsed.as_secs_f64().max(0.001);
            eprintln!(
                "{done} {} ({} pages) in {:.1} s, {rate:.0}/s",
                self.noun,
                done.div_ceil(self.page_size),
                elapsed.as_secs_f64()
            );
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
        if let Ok(mut active) = ACTIVE.lock() {
            *active = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages_as_their_first_record_comes() {
        set_quiet(true);
        let progress = Progress::new("payments", 10);
        assert!(!progress.is_shown(), "--quiet");
        progress.set_total(25);
        assert_eq!(progress.pages(0), "0/3");
        for _ in 0..11 {
            progress.advance();
        }
        assert_eq!(progress.bar.message(), "2/3");
        assert_eq!(progress.pages(25), "3/3");
    }
}

//! The progress line of a long run, on standard error.

/// Runs with fewer files than this finish before a progress line would help.
const PROGRESS_FROM: usize = 2000;

/// A line on standard error that counts the files parsed, redrawn a few times a second and
/// cleared when dropped.
pub struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    painter: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// A progress line for `total` files; none for a run that finishes before one would help.
    pub fn start(total: usize) -> Option<Self> {
        if total < PROGRESS_FROM {
            return None;
        }
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (seen, halt) = (done.clone(), stop.clone());
        let painter = std::thread::spawn(move || {
            use std::io::Write;
            // A progress line that cannot be drawn is no loss: the run goes on.
            while !halt.load(Ordering::Relaxed) {
                let _ = write!(
                    std::io::stderr(),
                    "\rmigcheck: parsed {} of {total} files",
                    seen.load(Ordering::Relaxed)
                );
                std::thread::sleep(std::time::Duration::from_millis(150));
            }
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        });
        Some(Progress {
            done,
            stop,
            painter: Some(painter),
        })
    }

    pub fn tick(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(painter) = self.painter.take() {
            let _ = painter.join();
        }
    }
}

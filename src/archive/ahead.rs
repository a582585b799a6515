//! Deflating ahead: the entries marked `ahead` → compressed entries, made on worker threads and
//! handed to the writer one at a time, in the entries' (sorted) order.
//!
//! The writer calls back for every entry in order, with the prepared file for an entry deflated
//! ahead and `None` for one it streams itself; so while it copies a video from disk the workers
//! deflate the pages after it. The zip crate's `par_append_*` helpers would add entries in the
//! order they finish, which changes from run to run; this keeps the sorted order, so the zip
//! stays byte-identical.
//!
//! Memory stays bounded: workers take entries in order and only while the bytes taken but not
//! yet written stay under [`AHEAD_BUDGET`] (one entry at a time may exceed it alone).

use super::{prepare, ArchiveError, Entry};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use zip::write::PreparedZipFile;

/// Source bytes that may be deflated ahead of the writer at once.
const AHEAD_BUDGET: u64 = 8 << 20;

type Prepared = Result<PreparedZipFile, ArchiveError>;

/// Runs `write` for each entry in order, with the entries marked `ahead` deflated by workers.
pub(super) fn deflate(
    entries: &[Entry<'_>],
    out: &Path,
    mut write: impl FnMut(usize, Option<PreparedZipFile>) -> Result<(), ArchiveError>,
) -> Result<(), ArchiveError> {
    let jobs: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].ahead).collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let queue = Queue {
        entries,
        jobs,
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| queue.work(out));
        }
        let result = (0..entries.len()).try_for_each(|index| {
            let prepared = if entries[index].ahead {
                Some(queue.take(index)?)
            } else {
                None
            };
            write(index, prepared)
        });
        // On an error the workers stop at their next entry instead of deflating the rest.
        queue.stop();
        result
    })
}

struct Queue<'a> {
    entries: &'a [Entry<'a>],
    /// Indices of the entries to deflate ahead, in order.
    jobs: Vec<usize>,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// The next job a worker takes.
    next: usize,
    /// Deflated entries the writer has not taken yet, by entry index.
    done: HashMap<usize, Prepared>,
    /// Source bytes of the entries taken by workers and not yet taken by the writer.
    in_flight: u64,
    stopped: bool,
    /// A worker panicked: its entry will never come.
    panicked: bool,
}

impl Queue<'_> {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker that panics sets `panicked` and the writer fails; the state stays consistent
        // because it is only changed in a few lines that do not panic.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'g>(&self, guard: MutexGuard<'g, State>) -> MutexGuard<'g, State> {
        self.changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn work(&self, out: &Path) {
        let _guard = PanicGuard(self);
        loop {
            let index = {
                let mut state = self.lock();
                loop {
                    if state.stopped || state.next == self.jobs.len() {
                        return;
                    }
                    let index = self.jobs[state.next];
                    let size = self.entries[index].size;
                    // Jobs are taken in order and the writer consumes in order, so when the
                    // writer waits for a job nothing is in flight before it: taking a job with
                    // nothing in flight always progresses, whatever its size.
                    if state.in_flight == 0 || state.in_flight + size <= AHEAD_BUDGET {
                        state.next += 1;
                        state.in_flight += size;
                        break index;
                    }
                    state = self.wait(state);
                }
            };
            let prepared = prepare(&self.entries[index], out);
            self.lock().done.insert(index, prepared);
            self.changed.notify_all();
        }
    }

    /// The deflated entry `index`, waiting for a worker to finish it.
    fn take(&self, index: usize) -> Prepared {
        let mut state = self.lock();
        loop {
            if let Some(prepared) = state.done.remove(&index) {
                state.in_flight -= self.entries[index].size;
                drop(state);
                self.changed.notify_all();
                return prepared;
            }
            if state.panicked {
                return Err(ArchiveError::Write {
                    path: Default::default(),
                    source: std::io::Error::other("a compression thread panicked"),
                });
            }
            state = self.wait(state);
        }
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

/// Wakes the writer when a worker panics, so it fails instead of waiting for ever; the scope
/// then passes the panic on.
struct PanicGuard<'q, 'a>(&'q Queue<'a>);

impl Drop for PanicGuard<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut state = self.0.lock();
            state.panicked = true;
            state.stopped = true;
            drop(state);
            self.0.changed.notify_all();
        }
    }
}

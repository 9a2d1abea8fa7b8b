//! Files synced to the disk by threads of the core (`Syncer`), for the runner that fixes
//! files in place: it hands each file it wrote over (`submit`) and cleans the next ones
//! meanwhile. Python threads doing the same take Python's lock back from the cleaning thread
//! each time an `fsync` returns, a hand-over or two a file; these threads never take it.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::mem::ManuallyDrop;
use std::os::fd::{FromRawFd, RawFd};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use pyo3::prelude::*;

/// What the threads and the caller share, under one lock.
#[derive(Default)]
struct State {
    /// Files to sync, in the order handed over: (ticket, file descriptor).
    queue: VecDeque<(u64, RawFd)>,
    /// Syncs done and not yet waited for: ticket → `errno` (0: synced).
    finished: HashMap<u64, i32>,
    /// Threads waiting for work.
    idle: usize,
    /// No more files come: the threads end once the queue is empty.
    closing: bool,
    next: u64,
    threads: Vec<JoinHandle<()>>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Signalled when a file is queued, or when closing.
    work: Condvar,
    /// Signalled when a sync is done.
    done: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `fsync(fd)`: 0, or the `errno` it failed with.
fn fsync(fd: RawFd) -> i32 {
    // SAFETY: the caller keeps `fd` open until it has the result; ManuallyDrop: not closed here
    let file = ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    match file.sync_all() {
        Ok(()) => 0,
        Err(error) => error.raw_os_error().unwrap_or(5), // EIO
    }
}

/// A thread's loop: sync the files queued, until closing and none is left.
fn work(shared: Arc<Shared>) {
    let mut state = shared.lock();
    loop {
        if let Some((ticket, fd)) = state.queue.pop_front() {
            drop(state);
            let errno = fsync(fd);
            state = shared.lock();
            state.finished.insert(ticket, errno);
            shared.done.notify_all();
        } else if state.closing {
            return;
        } else {
            state.idle += 1;
            state = shared.work.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
            state.idle -= 1;
        }
    }
}

/// Up to `threads` threads syncing the files handed to them (`submit`), started as needed.
/// A file descriptor handed over must stay open until `wait` gives its result.
#[pyclass(module = "cleantext_native")]
pub struct Syncer {
    shared: Arc<Shared>,
    limit: usize,
}

#[pymethods]
impl Syncer {
    #[new]
    fn new(threads: usize) -> Self {
        Syncer { shared: Arc::default(), limit: threads.max(1) }
    }

    /// Sync the file open on `fd` in a thread: the ticket to ask for it by.
    fn submit(&self, fd: RawFd) -> u64 {
        let mut state = self.shared.lock();
        let ticket = state.next;
        state.next += 1;
        state.queue.push_back((ticket, fd));
        if state.idle < state.queue.len() && state.threads.len() < self.limit {
            let shared = Arc::clone(&self.shared);
            state.threads.push(std::thread::spawn(move || work(shared)));
        }
        drop(state);
        self.shared.work.notify_one();
        ticket
    }

    /// Whether the sync of `ticket` is done.
    fn done(&self, ticket: u64) -> bool {
        self.shared.lock().finished.contains_key(&ticket)
    }

    /// The `errno` the sync of `ticket` failed with (0: synced), once done, waiting for it
    /// `timeout` seconds at most (without Python's lock); None if it is not done by then.
    /// Asked again, the same answer, until `forget`.
    fn wait(&self, py: Python<'_>, ticket: u64, timeout: f64) -> Option<i32> {
        let shared = &self.shared;
        py.detach(|| {
            let deadline = Instant::now() + Duration::from_secs_f64(timeout.max(0.0));
            let mut state = shared.lock();
            loop {
                if let Some(&errno) = state.finished.get(&ticket) {
                    return Some(errno);
                }
                let now = Instant::now();
                if now >= deadline {
                    return None;
                }
                state = shared
                    .done
                    .wait_timeout(state, deadline - now)
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .0;
            }
        })
    }

    /// Drop what `wait` gave for `ticket` (a run of many files keeps none it has taken).
    fn forget(&self, ticket: u64) {
        self.shared.lock().finished.remove(&ticket);
    }

    /// Sync what was handed over, and end the threads.
    fn close(&self, py: Python<'_>) {
        let shared = &self.shared;
        py.detach(|| close(shared));
    }
}

/// End the threads once the files queued are synced.
fn close(shared: &Shared) {
    let threads = {
        let mut state = shared.lock();
        state.closing = true;
        std::mem::take(&mut state.threads)
    };
    shared.work.notify_all();
    for thread in threads {
        let _ = thread.join();
    }
}

impl Drop for Syncer {
    fn drop(&mut self) {
        close(&self.shared);
    }
}

//! Read connections for the handlers.
//!
//! In: the database path, a number of connections, a time limit. Out: [`Pool::run`], which runs
//! a closure over one read-only [`Store`] on a blocking thread.
//! Rule: at most `n` closures run at once (a semaphore; the others wait their turn), each with a
//! connection nobody else uses; a query running past the time limit is interrupted
//! (`sqlite3_interrupt`) and answers 503. A connection lost to a panic is reopened on demand.

use dateline_store::Store;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Semaphore;

pub(crate) struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    timeout: Duration,
}

/// Why a pooled call failed (besides the closure's own error).
pub(crate) enum PoolError<E> {
    /// The closure's error.
    Inner(E),
    /// The query ran past the time limit.
    Timeout(Duration),
    /// A connection could not be opened, or the worker panicked.
    Internal(String),
}

impl Pool {
    pub fn open(path: &Path, n: usize, timeout: Duration) -> anyhow::Result<Pool> {
        let mut idle = Vec::with_capacity(n);
        for _ in 0..n {
            idle.push(Store::open_read_only(path).map_err(|e| anyhow::anyhow!("{e}"))?);
        }
        Ok(Pool { path: path.to_path_buf(), idle: Mutex::new(idle), permits: Semaphore::new(n), timeout })
    }

    fn take(&self) -> Result<Store, String> {
        let popped = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match popped {
            Some(s) => Ok(s),
            None => Store::open_read_only(&self.path).map_err(|e| e.to_string()),
        }
    }

    fn give_back(&self, s: Store) {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).push(s);
    }

    /// Runs `f` with a read connection on a blocking thread.
    pub async fn run<T, E>(&self, f: impl FnOnce(&Store) -> Result<T, E> + Send + 'static) -> Result<T, PoolError<E>>
    where
        T: Send + 'static,
        E: Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(|e| PoolError::Internal(e.to_string()))?;
        let store = self.take().map_err(PoolError::Internal)?;
        let interrupt = store.connection().get_interrupt_handle();
        let mut job = tokio::task::spawn_blocking(move || {
            let r = f(&store);
            (store, r)
        });
        let mut timed_out = false;
        let joined = match tokio::time::timeout(self.timeout, &mut job).await {
            Ok(j) => j,
            Err(_) => {
                timed_out = true;
                interrupt.interrupt();
                job.await
            }
        };
        match joined {
            Ok((store, r)) => {
                self.give_back(store);
                match r {
                    Ok(v) => Ok(v),
                    Err(_) if timed_out => Err(PoolError::Timeout(self.timeout)),
                    Err(e) => Err(PoolError::Inner(e)),
                }
            }
            Err(e) => Err(PoolError::Internal(format!("query worker failed: {e}"))),
        }
    }
}

//! The catalog the bot serves, replaced on SIGHUP; a file that fails validation is reported and the
//! data already loaded keeps being served.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tracing::{error, info};

use super::health::Health;
use crate::catalog::Catalog;
use crate::dataset::DatasetError;

/// The catalog being served, replaceable while the bot runs.
#[derive(Debug, Clone)]
pub struct SharedCatalog(Arc<RwLock<Arc<Catalog>>>);

impl SharedCatalog {
    pub fn new(catalog: Catalog) -> SharedCatalog {
        SharedCatalog(Arc::new(RwLock::new(Arc::new(catalog))))
    }

    pub fn get(&self) -> Arc<Catalog> {
        match self.0.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Loads the dataset again; on error the catalog being served stays as it was. Returns how
    /// many people the new data has.
    pub fn reload(&self, path: Option<&Path>) -> Result<usize, DatasetError> {
        let catalog = Catalog::load(path)?;
        let people = catalog.dataset().people().len();
        let mut guard = match self.0.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(catalog);
        Ok(people)
    }
}

/// Reloads the dataset on every SIGHUP.
pub(super) async fn reload_on_hangup(
    catalog: SharedCatalog,
    path: Option<PathBuf>,
    health: Option<Arc<Health>>,
) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangup) = signal(SignalKind::hangup()) else {
            return;
        };
        while hangup.recv().await.is_some() {
            // Parsing and indexing a large file takes a while: on a blocking thread, so that
            // interactions keep being answered from the data being served until the swap.
            let (catalog, path) = (catalog.clone(), path.clone());
            let reloaded = tokio::task::spawn_blocking(move || catalog.reload(path.as_deref()))
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r.map_err(|e| e.to_string()));
            if let Some(health) = &health {
                health.metrics.reload(reloaded.is_ok());
                if let Ok(people) = reloaded {
                    health.metrics.loaded(people);
                }
            }
            match reloaded {
                Ok(people) => info!("dataset reloaded: {people} people"),
                Err(err) => error!("dataset not reloaded, still serving the previous data: {err}"),
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (catalog, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_reload_keeps_the_data() {
        let shared = SharedCatalog::new(Catalog::load(None).unwrap());
        let err = shared
            .reload(Some(Path::new("/nonexistent/x.json")))
            .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/x.json"));
        assert_eq!(shared.get().dataset().people().len(), 14);
        assert_eq!(shared.reload(None).unwrap(), 14);
    }
}

"""Quality gates of the barrack.cloud collection: sanity, docs, build, inventory plugin, molecule."""

package io.expressrefund.rules;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import io.expressrefund.rules.source.RuleSourceReader;

/**
 * Rebuilds the rules when the rules folder changes. Changes are debounced: an editor's several writes
 * (temporary file, rename, touch) give one rebuild once the folder has been quiet for the configured time.
 *
 * <p>Symbolic links are followed, as mounted folders need: a Kubernetes ConfigMap swaps its {@code ..data}
 * link to a new folder, git-sync swaps the link that is the rules folder, and subfolders may be links. Events
 * only come from the folders a link pointed to when they were watched, so the watcher also looks, once a
 * second, where every watched folder's links lead now; when that changed, it watches the new folders and
 * rebuilds.
 */
@ApplicationScoped
public class RulesWatcher {
    private static final Logger LOG = Logger.getLogger(RulesWatcher.class);
    private static final Duration LINK_CHECK = Duration.ofSeconds(1);
    /** Stands for a folder that could not be watched, which no real path equals. */
    private static final Path UNWATCHED = Path.of("(unwatched)");

    private final RulesConfig config;
    private final RuleService rules;
    private WatchService watchService;
    private ScheduledExecutorService rebuilds;
    private ScheduledFuture<?> pending;
    private Thread listener;
    private Path folder;
    private Map<Path, Path> watchedLayout;
    private Set<WatchKey> keys = Set.of();

    public RulesWatcher(RulesConfig config, RuleService rules) {
        this.config = config;
        this.rules = rules;
    }

    // Runs after RuleService has loaded the rules at start-up (default priority 2500).
    void start(@Observes @Priority(3000) StartupEvent startup) throws IOException {
        if (!config.watch()) {
            LOG.info("Watching the rules folder is off (refund.rules.watch=false): reload through the API");
            return;
        }
        folder = config.dir().toAbsolutePath().normalize();
        watchService = FileSystems.getDefault().newWatchService();
        refreshWatches();
        rebuilds = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rules-rebuild");
            thread.setDaemon(true);
            return thread;
        });
        listener = new Thread(this::listen, "rules-watcher");
        listener.setDaemon(true);
        listener.start();
        LOG.infof("Watching %s for rule changes", folder);
    }

    void stop(@Observes ShutdownEvent shutdown) throws IOException {
        if (watchService != null) {
            watchService.close();
            rebuilds.shutdownNow();
        }
    }

    private void listen() {
        try {
            while (true) {
                WatchKey key = watchService.poll(LINK_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                boolean relevant = false;
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        relevant |= isRelevant(event);
                    }
                    key.reset();
                }
                if (refreshWatches() || relevant) {
                    scheduleRebuild();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // the service is stopping
        }
    }

    private static boolean isRelevant(WatchEvent<?> event) {
        if (event.kind() == OVERFLOW) {
            return true;
        }
        String name = event.context().toString();
        if (name.startsWith("..")) {
            // A mount swapping its content: Kubernetes' ..data and ..data_tmp links, its ..<timestamp> folders.
            return true;
        }
        return event.kind() == ENTRY_DELETE || event.kind() == ENTRY_CREATE && !name.startsWith(".")
                || RuleSourceReader.isRuleFile(Path.of(name));
    }

    private synchronized void scheduleRebuild() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = rebuilds.schedule(this::rebuild, config.debounce().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void rebuild() {
        try {
            rules.reloadFromDisk("rules-watcher");
        } catch (RulesRejectedException e) {
            // already logged and kept as the last attempt; the rules in service stay
        } catch (RuntimeException e) {
            LOG.errorf(e, "Rebuilding the rules after a change failed; the rules in service stay");
        }
    }

    /**
     * Watches every folder of the rules folder where its links lead now.
     *
     * @return true when that changed since the last look (a link was swapped, a folder came, went or was made
     *         again), so that what changed while it was not watched is read by a rebuild
     */
    private boolean refreshWatches() {
        Map<Path, Path> layout = new LinkedHashMap<>();
        try {
            for (Path dir : RuleSourceReader.listFolders(folder)) {
                layout.put(dir, dir.toRealPath());
            }
        } catch (IOException | UncheckedIOException e) {
            // Mid-swap: a link points nowhere for a moment. Look again at the next event or tick.
            return false;
        }
        // A folder deleted and made again (an editor's or a test's restore) keeps its path but loses its watch.
        if (layout.equals(watchedLayout) && keys.stream().allMatch(WatchKey::isValid)) {
            return false;
        }
        Set<WatchKey> registered = new HashSet<>();
        for (Path dir : layout.keySet()) {
            try {
                registered.add(dir.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE));
            } catch (IOException e) {
                // Gone again mid-swap: remembered as unwatched, so that the next look tries again.
                LOG.debugf("Cannot watch %s yet: %s", dir, e.getMessage());
                layout.put(dir, UNWATCHED);
            }
        }
        for (WatchKey old : keys) {
            if (!registered.contains(old)) {
                old.cancel();
            }
        }
        boolean changed = watchedLayout != null;
        keys = registered;
        watchedLayout = layout;
        return changed;
    }
}

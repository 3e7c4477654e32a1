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
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Rebuilds the rules when the rules folder changes. Changes are debounced: an editor's several writes
 * (temporary file, rename, touch) give one rebuild once the folder has been quiet for the configured time.
 */
@ApplicationScoped
public class RulesWatcher {
    private static final Logger LOG = Logger.getLogger(RulesWatcher.class);

    private final RulesConfig config;
    private final RuleService rules;
    private WatchService watchService;
    private ScheduledExecutorService rebuilds;
    private ScheduledFuture<?> pending;
    private Thread listener;

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
        Path folder = config.dir().toAbsolutePath().normalize();
        watchService = FileSystems.getDefault().newWatchService();
        registerTree(folder);
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
                WatchKey key = watchService.take();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    relevant |= isRelevant(key, event);
                }
                key.reset();
                if (relevant) {
                    scheduleRebuild();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // the service is stopping
        }
    }

    private boolean isRelevant(WatchKey key, WatchEvent<?> event) {
        if (event.kind() == OVERFLOW) {
            return true;
        }
        Path changed = ((Path) key.watchable()).resolve((Path) event.context());
        if (event.kind() == ENTRY_CREATE && Files.isDirectory(changed)) {
            try {
                registerTree(changed);
            } catch (IOException e) {
                LOG.warnf("Cannot watch the new folder %s: %s", changed, e.getMessage());
            }
            return true;
        }
        return RuleSourceReader.isRuleFile(changed.getFileName()) || event.kind() == ENTRY_DELETE;
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
            // already logged and kept as the last error; the rules in service stay
        } catch (RuntimeException e) {
            LOG.errorf(e, "Rebuilding the rules after a change failed; the rules in service stay");
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> folders = Files.walk(root)) {
            for (Path folder : (Iterable<Path>) folders.filter(Files::isDirectory)::iterator) {
                folder.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            }
        }
    }
}

package io.expressrefund.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.PlatformConfig;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.rules.RuleService;
import io.expressrefund.rules.ValidationRequest;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Replays recorded decisions against candidate rules before they go live: the candidate must pass the same
 * gate as any rule change, then a small bounded pool decides the range again in the background and adds up
 * what would have changed. A replay reads the database and writes nothing to it.
 */
@ApplicationScoped
public class ReplayService {
    private static final Logger LOG = Logger.getLogger(ReplayService.class);

    private final RuleService rules;
    private final Database database;
    private final ReplayRepository repository;
    private final ReplayConfig config;
    private final PlatformConfig platform;
    private final ObjectMapper json;
    /**
     * Reads back what the service wrote itself, where no field comes twice: without the check for a repeated field
     * that live requests need, which costs a set of names per object read (a kilobyte of garbage per decision).
     */
    private final ObjectMapper recordedJson;
    private final Validator validator;
    private final Clock clock;
    private final Map<String, ReplayJob> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor workers;
    private final Path folder;

    public ReplayService(RuleService rules, Database database, ReplayRepository repository, ReplayConfig config,
            PlatformConfig platform, ObjectMapper json, Validator validator, Clock clock) throws IOException {
        this.rules = rules;
        this.database = database;
        this.repository = repository;
        this.config = config;
        this.platform = platform;
        this.json = json;
        this.recordedJson = json.copy().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.validator = validator;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.maxRunning(), config.maxRunning(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.maxWaiting())), runnable -> {
                    Thread thread = new Thread(runnable, "rules-replay-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.folder = Files.createTempDirectory("express-refund-replays");
    }

    /**
     * Checks the candidate like {@code /validate} (a refused one throws, and no job starts) and starts replaying.
     *
     * @throws io.expressrefund.rules.RulesRejectedException when the candidate does not compile or fails a case
     */
    public ReplayView start(ReplayRequest request, String caller) {
        request.checked();
        RuleSource source;
        if (request.files() == null) {
            if (request.cases() != null) {
                throw new InvalidRequestException("files", "are required when cases are given");
            }
            source = rules.folderSource(caller);
        } else {
            source = new ValidationRequest(request.files(), request.cases()).toSource(rules.casesOnDisk());
        }
        RuleSet candidate = rules.validate(source, caller).forReplay();
        // The rules in service, apart from live requests' sessions (see RuleSet.forReplay).
        RuleSet baseline = request.baselineOrDefault() == ReplayRequest.Baseline.recorded ? null : rules.current().forReplay();
        String id = UUID.randomUUID().toString();
        ReplayJob job;
        try {
            job = new ReplayJob(id, request, candidate.version(), baseline == null ? "recorded" : baseline.version(),
                    caller, Instant.now(clock), new ChangeLog(folder.resolve(id + ".jsonl"), json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a replay's changes", e);
        }
        jobs.put(id, job);
        try {
            workers.execute(() -> run(job, candidate, baseline));
        } catch (RejectedExecutionException e) {
            forget(id);
            throw new ProblemException(Problem.of("replays-busy", "Too many replays", 429,
                    "Replays are running or waiting already; try again when one has finished."));
        }
        LOG.infof("Replay %s of %s to %s started by %s: candidate %s against %s", id, request.from(), request.to(),
                caller, candidate.version(), job.view().baselineVersion());
        return job.view();
    }

    public Optional<ReplayView> find(String id) {
        return Optional.ofNullable(jobs.get(id)).map(ReplayJob::view);
    }

    public List<ReplayView> list() {
        return jobs.values().stream().map(ReplayJob::view)
                .sorted(Comparator.comparing(ReplayView::startedAt).reversed()).toList();
    }

    /** A page of the changed decisions, from a cursor this service gave out; empty for an unknown job. */
    public Optional<ReplayChanges> changes(String id, String cursor, int limit) {
        ReplayJob job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        long offset = 0;
        if (cursor != null) {
            try {
                offset = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0) {
                throw new InvalidRequestException("cursor", "is not a cursor this service gave out");
            }
        }
        try {
            ChangeLog.Page page = job.changes().read(offset, limit);
            return Optional.of(new ReplayChanges(page.items(), page.next() < 0 ? null : Long.toString(page.next())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a replay's changes", e);
        }
    }

    /** Cancels a running replay, or forgets a finished one; false when there is no such replay. */
    public boolean cancel(String id) {
        ReplayJob job = jobs.get(id);
        if (job == null) {
            return false;
        }
        if (job.finished()) {
            forget(id);
        } else {
            job.requestCancel();
        }
        return true;
    }

    private void run(ReplayJob job, RuleSet candidate, RuleSet baseline) {
        ZoneId zone = platform.zone();
        ReplayRequest request = job.request();
        ReplayRepository.Range range = new ReplayRepository.Range(request.from().atStartOfDay(zone).toInstant(),
                request.to().plusDays(1).atStartOfDay(zone).toInstant(), request.shopId());
        Tally tally = new Tally();
        try (ChangeLog changes = job.changes()) {
            if (job.cancelRequested()) {
                job.finish(ReplayJob.State.cancelled, null, null, Instant.now(clock));
                return;
            }
            // Nothing made in the range was decided before its start, less the clock skew a request may have.
            ReplayRepository.Key start = new ReplayRepository.Key(range.from().minus(platform.maxClockSkew()), "");
            long total = database.read(connection -> repository.count(connection, range, start));
            job.total(total);
            Replayer replayer = new Replayer(candidate, baseline, zone, recordedJson, validator);
            Pacer pacer = new Pacer(runsIdle(job) ? 1.0 : config.cpuShare());
            ReplayRepository.Key after = start;
            // The replay covers the decisions its count found, no more: the pages ask for no more than are left, so
            // that the last one stops at the last counted decision instead of reading on through every decision
            // recorded since (those requested after the range), and one recorded while the replay runs, decided
            // after all counted ones, is not replayed.
            long left = total;
            while (left > 0) {
                ReplayRepository.Key from = after;
                int size = (int) Math.min(config.pageSize(), left);
                List<RecordedRow> page = database.read(connection -> repository.page(connection, range, from, size));
                for (RecordedRow row : page) {
                    if (job.cancelRequested()) {
                        job.finish(ReplayJob.State.cancelled, null, null, Instant.now(clock));
                        LOG.infof("Replay %s cancelled", job.id());
                        return;
                    }
                    Replayer.Result result = replayer.replay(row);
                    tally.add(result);
                    if (result.changed()) {
                        changes.append(new ReplayChange(row.refundId(), row.shopId(), result.before(), result.after()));
                    }
                    job.replayedOne();
                    pacer.rest();
                }
                left -= page.size();
                if (page.size() < size) {
                    break;
                }
                RecordedRow last = page.get(page.size() - 1);
                after = new ReplayRepository.Key(last.decidedAt(), last.refundId());
            }
            ReplaySummary summary = tally.summary();
            job.finish(ReplayJob.State.done, summary, null, Instant.now(clock));
            LOG.infof("Replay %s done: %d replayed, %d changed", job.id(), summary.replayed(), summary.changed());
        } catch (Exception | Error e) {
            // An error too ends the job as failed: a job left "running" would hold the replay queue for good.
            LOG.errorf(e, "Replay %s failed", job.id());
            job.finish(ReplayJob.State.failed, null, "the replay failed: " + e.getMessage(), Instant.now(clock));
        }
    }

    /** Whether the job's thread runs in the idle scheduling class, where it needs no pacing. */
    private boolean runsIdle(ReplayJob job) {
        if (!config.idleScheduling()) {
            return false;
        }
        if (IdleScheduling.enter()) {
            LOG.debugf("Replay %s runs in the idle scheduling class", job.id());
            return true;
        }
        LOG.warnf("Replay %s could not run in the idle scheduling class (SCHED_IDLE, via chrt); it takes at most %.1f "
                + "of a core instead (refund.replay.cpu-share)", job.id(), config.cpuShare());
        return false;
    }

    /** Works in slices and rests between them, so that a replay takes at most its share of a core. */
    private static final class Pacer {
        private static final long SLICE = TimeUnit.MILLISECONDS.toNanos(10);
        private final long rest;
        private long sliceStarted = System.nanoTime();

        Pacer(double share) {
            double bounded = Math.max(0.1, Math.min(1.0, share));
            this.rest = (long) (SLICE * (1 - bounded) / bounded);
        }

        void rest() throws InterruptedException {
            if (rest > 0 && System.nanoTime() - sliceStarted >= SLICE) {
                TimeUnit.NANOSECONDS.sleep(rest);
                sliceStarted = System.nanoTime();
            }
        }
    }

    @Scheduled(every = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldJobs() {
        Instant cutoff = Instant.now(clock).minus(config.retention());
        jobs.values().stream()
                .filter(job -> job.finished() && job.finishedAt().isBefore(cutoff))
                .map(ReplayJob::id)
                .toList()
                .forEach(this::forget);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        jobs.keySet().forEach(this::forget);
        try {
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a temporary folder; the OS cleans it up at worst
        }
    }

    private void forget(String id) {
        ReplayJob job = jobs.remove(id);
        if (job != null) {
            job.changes().delete();
        }
    }
}

package io.expressrefund.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 10,000 waiting ERPs against one instance on loopback (bench/waiters.sh, bench/README.md "10,000 waiting ERPs").
 *
 * <p>It holds N waiting clients on one NIO selector thread (non-blocking sockets, raw HTTP/1.1): half Server-Sent
 * Event streams ({@code /refund-events/stream} with {@code Last-Event-ID}), half long-polls ({@code ?wait=60s},
 * asked again on the same connection as soon as one answers), spread over shops, each shop's waiters authenticated
 * as that shop's own merchant with a bearer JWT signed by a key this run generates (the service is started with
 * its public key), so that no caller comes near the per-caller cap. Meanwhile it records automatic refunds for random
 * shops at a modest rate (POST /refund-decisions as the after-sales service) and measures, for every waiter of the
 * shop that was in place when the refund was sent, the time until that waiter received the event. It runs wrk on
 * {@code /evaluate} (bench/http/load.lua, as bench/run.sh) alternately without and with the waiters, in the same
 * service process, samples the service's thread count (/proc/PID/status) and CPU time, takes thread dumps, and
 * writes one JSON document.
 *
 * <p>Usage: {@code WaitingClients keys DIR} (writes a fresh RSA key pair: DIR/jwt-private.der,
 * DIR/jwt-public.pem), then {@code WaitingClients run key=value...} (see {@link Options}).
 */
public final class WaitingClients {
    private static final String ISSUER = "https://express-refund.dev/issuer";
    private static final String AFTER_SALES = "Basic "
            + Base64.getEncoder().encodeToString("after-sales:after-sales-secret".getBytes(StandardCharsets.UTF_8));
    private static final Pattern REFUND_ID = Pattern.compile("\"refundId\":\"([^\"]+)\"");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern NEXT_AFTER = Pattern.compile("\"nextAfter\":(\\d+)");

    /** Options, as key=value arguments. */
    static final class Options {
        String host = "127.0.0.1";
        int port = 18080;
        long pid;
        Path key;
        Path out;
        Path wrkScript;
        Path dumps;
        Path jfr;
        int clients = 10_000;
        int shops = 1_000;
        String shopPrefix = "WAIT-";
        double eventsPerSecond = 20;
        int rounds = 4;
        int wrkSeconds = 10;
        int wrkWarmupSeconds = 5;
        int warmupMaxSeconds = 120;
        int wrkConnections = 64;
        int quietSeconds = 35;
        int settleSeconds = 5;
        int settleMaxSeconds = 30;
        int waitSeconds = 60;
        int openPerSecond = 2_500;
        int maxPendingConnects = 256;
        int drainSeconds = 2;

        static Options parse(String[] args) {
            Options o = new Options();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("expected key=value: " + arg);
                }
                String k = arg.substring(0, eq);
                String v = arg.substring(eq + 1);
                switch (k) {
                    case "host" -> o.host = v;
                    case "port" -> o.port = Integer.parseInt(v);
                    case "pid" -> o.pid = Long.parseLong(v);
                    case "key" -> o.key = Path.of(v);
                    case "out" -> o.out = Path.of(v);
                    case "wrkScript" -> o.wrkScript = Path.of(v);
                    case "dumps" -> o.dumps = Path.of(v);
                    case "jfr" -> o.jfr = Path.of(v);
                    case "clients" -> o.clients = Integer.parseInt(v);
                    case "shops" -> o.shops = Integer.parseInt(v);
                    case "shopPrefix" -> o.shopPrefix = v;
                    case "eventsPerSecond" -> o.eventsPerSecond = Double.parseDouble(v);
                    case "rounds" -> o.rounds = Integer.parseInt(v);
                    case "wrkSeconds" -> o.wrkSeconds = Integer.parseInt(v);
                    case "wrkWarmupSeconds" -> o.wrkWarmupSeconds = Integer.parseInt(v);
                    case "warmupMaxSeconds" -> o.warmupMaxSeconds = Integer.parseInt(v);
                    case "wrkConnections" -> o.wrkConnections = Integer.parseInt(v);
                    case "quietSeconds" -> o.quietSeconds = Integer.parseInt(v);
                    case "settleSeconds" -> o.settleSeconds = Integer.parseInt(v);
                    case "settleMaxSeconds" -> o.settleMaxSeconds = Integer.parseInt(v);
                    case "waitSeconds" -> o.waitSeconds = Integer.parseInt(v);
                    case "openPerSecond" -> o.openPerSecond = Integer.parseInt(v);
                    case "maxPendingConnects" -> o.maxPendingConnects = Integer.parseInt(v);
                    case "drainSeconds" -> o.drainSeconds = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + k);
                }
            }
            if (o.pid == 0 || o.key == null || o.out == null || o.wrkScript == null) {
                throw new IllegalArgumentException("pid, key, out and wrkScript are required");
            }
            if (o.clients % o.shops != 0) {
                throw new IllegalArgumentException("clients must be a multiple of shops");
            }
            if (o.dumps == null) {
                o.dumps = o.out.toAbsolutePath().getParent();
            }
            return o;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("keys")) {
            writeKeys(Path.of(args[1]));
            return;
        }
        if (args.length >= 1 && args[0].equals("run")) {
            new WaitingClients(Options.parse(Arrays.copyOfRange(args, 1, args.length))).run();
            return;
        }
        System.err.println("usage: WaitingClients keys DIR | WaitingClients run pid=PID key=DIR/jwt-private.der "
                + "out=FILE wrkScript=bench/http/load.lua [port=18080 clients=10000 shops=1000 ...]");
        System.exit(2);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Keys and tokens: RS256 JWTs as an identity provider would issue them, with nothing but the JDK.

    static void writeKeys(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.write(dir.resolve("jwt-private.der"), pair.getPrivate().getEncoded());
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(dir.resolve("jwt-public.pem"), pem);
    }

    static String token(PrivateKey key, String user, String shopId, Instant now) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = "{\"iss\":\"" + ISSUER + "\",\"upn\":\"" + user + "\",\"sub\":\"" + user
                + "\",\"groups\":[\"merchant\",\"shop:" + shopId + "\"],\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(2, ChronoUnit.HOURS).getEpochSecond() + ",\"jti\":\"" + user + "-"
                + now.toEpochMilli() + "\"}";
        String signingInput = header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rsa.sign());
    }

    // ---------------------------------------------------------------------------------------------------------
    // The waiters.

    enum Kind { SSE, POLL }

    /** One waiting ERP: a shop, a kind, the last seq it has; over its life it may use several connections. */
    final class Slot {
        final int shop;
        final int index;
        final Kind kind;
        long cursor;
        volatile boolean inPlace;
        boolean wanted;
        Conn conn;

        Slot(int shop, int index, Kind kind) {
            this.shop = shop;
            this.index = index;
            this.kind = kind;
        }

        byte[] request() {
            String shopId = shopIds[shop];
            String target = kind == Kind.SSE ? "/api/v1/shops/" + shopId + "/refund-events/stream"
                    : "/api/v1/shops/" + shopId + "/refund-events?after=" + cursor + "&limit=100&wait=" + o.waitSeconds + "s";
            StringBuilder r = new StringBuilder(1200).append("GET ").append(target).append(" HTTP/1.1\r\nHost: ")
                    .append(o.host).append(':').append(o.port).append("\r\nAuthorization: Bearer ").append(tokens[shop])
                    .append("\r\nAccept: ").append(kind == Kind.SSE ? "text/event-stream" : "application/json").append("\r\n");
            if (kind == Kind.SSE) {
                r.append("Last-Event-ID: ").append(cursor).append("\r\n");
            }
            return r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** One TCP connection of a slot, with an incremental HTTP/1.1 response parser (chunked or sized bodies). */
    final class Conn {
        final Slot slot;
        final SocketChannel channel;
        SelectionKey key;
        ByteBuffer pendingWrite;
        boolean connected;
        long requestSentNanos;
        String requestPhase;
        boolean overdue;
        // parser
        byte[] in = new byte[4096];
        int start;
        int end;
        int state; // 0 head, 1 chunk size, 2 chunk data, 3 chunk CRLF, 4 sized body, 5 trailer
        long remaining;
        int status;
        boolean closeAfter;
        final StringBuilder body = new StringBuilder();
        // SSE event being read
        String sseId;
        String sseData;

        Conn(Slot slot, SocketChannel channel) {
            this.slot = slot;
            this.channel = channel;
        }
    }

    /** An automatic refund recorded by this run, and when each waiter of its shop received its event. */
    static final class Tracked {
        final int shop;
        final long sentNanos;
        volatile long okNanos;
        volatile int status;
        final boolean[] expected;
        final AtomicLongArray received;
        final String phase;

        Tracked(int shop, long sentNanos, boolean[] expected, String phase) {
            this.shop = shop;
            this.sentNanos = sentNanos;
            this.expected = expected;
            this.received = new AtomicLongArray(expected.length);
            this.phase = phase;
        }
    }

    private final Options o;
    private final String[] shopIds;
    private final String[] tokens;
    private final Slot[][] slots;
    private final int perShop;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>();
    private final ArrayList<Slot> toOpen = new ArrayList<>();
    private int toOpenNext;
    private int pendingConnects;
    private final Map<String, List<Long>> emptyAnswers = new TreeMap<>(); // selector thread only, read after it stopped
    private final ConcurrentHashMap<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new TreeMap<>();
    private volatile String phase = "start";
    private volatile boolean recording;
    private volatile boolean stop;
    private final List<Map<String, Object>> phases = new ArrayList<>();
    private final List<long[]> threadSamples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Object> result = new LinkedHashMap<>();

    private record Timed(long atNanos, long order, Runnable task) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed other) {
            int c = Long.compare(atNanos, other.atNanos);
            return c != 0 ? c : Long.compare(order, other.order);
        }
    }

    private long timerOrder;

    WaitingClients(Options options) throws Exception {
        this.o = options;
        this.perShop = o.clients / o.shops;
        this.shopIds = new String[o.shops];
        this.tokens = new String[o.shops];
        this.slots = new Slot[o.shops][perShop];
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(o.key)));
        Instant now = Instant.now();
        for (int s = 0; s < o.shops; s++) {
            shopIds[s] = String.format(Locale.ROOT, "%s%05d", o.shopPrefix, s);
            // Each shop's merchant is its own caller (its own upn), as each ERP would be.
            tokens[s] = token(key, "merchant-of-" + shopIds[s], shopIds[s], now);
            for (int i = 0; i < perShop; i++) {
                slots[s][i] = new Slot(s, i, i % 2 == 0 ? Kind.SSE : Kind.POLL);
            }
        }
        this.selector = Selector.open();
    }

    private void count(String name) {
        synchronized (counters) {
            counters.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
        }
    }

    private long counter(String name) {
        synchronized (counters) {
            AtomicLong value = counters.get(name);
            return value == null ? 0 : value.get();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The selector thread.

    private void loop() {
        try {
            while (!stop) {
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                }
                long now = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().atNanos <= now) {
                    timers.poll().task.run();
                }
                openSome(now);
                long timeout = toOpenNext < toOpen.size() ? 2 : 50;
                if (!timers.isEmpty()) {
                    timeout = Math.max(1, Math.min(timeout, (timers.peek().atNanos - now) / 1_000_000));
                }
                selector.select(timeout);
                long readAt = System.nanoTime();
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            connected(conn);
                        } else {
                            if (key.isWritable()) {
                                flush(conn);
                            }
                            if (key.isValid() && key.isReadable()) {
                                read(conn, readAt);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        failed(conn, e);
                    }
                }
            }
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(3);
        }
    }

    private void later(long delayMillis, Runnable task) {
        timers.add(new Timed(System.nanoTime() + delayMillis * 1_000_000, timerOrder++, task));
    }

    /** Runs on the selector thread and waits for it. */
    private void onLoop(Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        commands.add(() -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        selector.wakeup();
        done.await();
    }

    private long openTokens;
    private long openTokensAt;

    private void openSome(long now) {
        if (toOpenNext >= toOpen.size()) {
            return;
        }
        openTokens = Math.min(o.openPerSecond / 10 + 1,
                openTokens + (now - openTokensAt) * o.openPerSecond / 1_000_000_000L);
        openTokensAt = now;
        while (openTokens > 0 && pendingConnects < o.maxPendingConnects && toOpenNext < toOpen.size()) {
            Slot slot = toOpen.get(toOpenNext++);
            openTokens--;
            if (slot.wanted && slot.conn == null) {
                open(slot);
            }
        }
        if (toOpenNext >= toOpen.size()) {
            toOpen.clear();
            toOpenNext = 0;
        }
    }

    private void open(Slot slot) {
        Conn conn = null;
        try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            conn = new Conn(slot, channel);
            slot.conn = conn;
            pendingConnects++;
            count("connects");
            if (channel.connect(new InetSocketAddress(o.host, o.port))) {
                conn.key = channel.register(selector, 0, conn);
                connected(conn);
            } else {
                conn.key = channel.register(selector, SelectionKey.OP_CONNECT, conn);
            }
        } catch (IOException e) {
            count("connectErrors:" + e.getClass().getSimpleName() + ":" + e.getMessage());
            if (conn != null) {
                close(conn);
            }
            slot.conn = null;
            slot.inPlace = false;
            retry(slot, 1000);
        }
    }

    private void connected(Conn conn) throws IOException {
        try {
            conn.channel.finishConnect();
        } catch (ConnectException e) {
            pendingConnects--;
            conn.connected = true;
            throw e;
        }
        pendingConnects--;
        conn.connected = true;
        conn.key.interestOps(SelectionKey.OP_READ);
        send(conn);
    }

    private void send(Conn conn) throws IOException {
        Slot slot = conn.slot;
        conn.pendingWrite = ByteBuffer.wrap(slot.request());
        conn.requestSentNanos = System.nanoTime();
        conn.requestPhase = phase;
        conn.overdue = false;
        count(slot.kind == Kind.SSE ? "requests:sse" : "requests:poll");
        flush(conn);
        if (slot.kind == Kind.POLL) {
            // A long-poll is in place from its request on: whatever comes after its cursor is its to receive.
            slot.inPlace = true;
        }
    }

    private void flush(Conn conn) throws IOException {
        if (conn.pendingWrite == null) {
            return;
        }
        conn.channel.write(conn.pendingWrite);
        if (conn.pendingWrite.hasRemaining()) {
            conn.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            conn.pendingWrite = null;
            conn.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(Conn conn, long readAt) throws IOException {
        while (true) {
            if (conn.end == conn.in.length) {
                compact(conn);
            }
            // Wrapped anew each time: parsing may have moved the unread bytes to the front of the array.
            int n = conn.channel.read(ByteBuffer.wrap(conn.in, conn.end, conn.in.length - conn.end));
            if (n < 0) {
                count("closedByService:" + conn.slot.kind);
                close(conn);
                if (conn.slot.wanted) {
                    retry(conn.slot, 1000);
                }
                return;
            }
            if (n == 0) {
                break;
            }
            conn.end += n;
            parse(conn, readAt);
            if (conn.slot.conn != conn) {
                return;
            }
        }
    }

    private void compact(Conn conn) {
        int length = conn.end - conn.start;
        if (conn.start > 0) {
            System.arraycopy(conn.in, conn.start, conn.in, 0, length);
        }
        if (length > conn.in.length / 2) {
            conn.in = Arrays.copyOf(conn.in, conn.in.length * 2);
        }
        conn.start = 0;
        conn.end = length;
    }

    private int indexOf(Conn c, byte[] what) {
        outer:
        for (int i = c.start; i <= c.end - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (c.in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};

    private void parse(Conn c, long readAt) throws IOException {
        while (c.slot.conn == c) {
            switch (c.state) {
                case 0 -> {
                    int at = indexOf(c, CRLFCRLF);
                    if (at < 0) {
                        return;
                    }
                    String head = new String(c.in, c.start, at - c.start, StandardCharsets.ISO_8859_1);
                    c.start = at + 4;
                    head(c, head);
                }
                case 1 -> {
                    int at = indexOf(c, CRLF);
                    if (at < 0) {
                        return;
                    }
                    String line = new String(c.in, c.start, at - c.start, StandardCharsets.ISO_8859_1);
                    c.start = at + 2;
                    int semi = line.indexOf(';');
                    long size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).strip(), 16);
                    if (size == 0) {
                        c.state = 5;
                    } else {
                        c.remaining = size;
                        c.state = 2;
                    }
                }
                case 2, 4 -> {
                    int available = (int) Math.min(c.remaining, c.end - c.start);
                    if (available == 0 && c.remaining > 0) {
                        return;
                    }
                    bodyBytes(c, available, readAt);
                    c.start += available;
                    c.remaining -= available;
                    if (c.remaining == 0) {
                        if (c.state == 2) {
                            c.state = 3;
                        } else {
                            complete(c, readAt);
                        }
                    }
                }
                case 3 -> {
                    if (c.end - c.start < 2) {
                        return;
                    }
                    c.start += 2;
                    c.state = 1;
                }
                case 5 -> {
                    int at = indexOf(c, CRLF);
                    if (at < 0) {
                        return;
                    }
                    boolean last = at == c.start;
                    c.start = at + 2;
                    if (last) {
                        complete(c, readAt);
                    }
                }
                default -> throw new IllegalStateException("parser state " + c.state);
            }
            if (c.start == c.end && !(c.state == 4 && c.remaining == 0)) {
                c.start = 0;
                c.end = 0;
                return;
            }
        }
    }

    private void head(Conn c, String head) {
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        c.status = Integer.parseInt(statusLine[1]);
        long length = -1;
        boolean chunked = false;
        c.closeAfter = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> c.closeAfter = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        c.body.setLength(0);
        c.sseId = null;
        c.sseData = null;
        count("status:" + c.slot.kind + ":" + c.status);
        if (chunked) {
            c.state = 1;
        } else if (length >= 0) {
            c.state = 4;
            c.remaining = length;
            if (length == 0) {
                c.state = 4;
            }
        } else {
            c.state = 4;
            c.remaining = Long.MAX_VALUE;
        }
    }

    private void bodyBytes(Conn c, int length, long readAt) {
        if (length == 0) {
            return;
        }
        String text = new String(c.in, c.start, length, StandardCharsets.UTF_8);
        if (c.status != 200 || c.slot.kind == Kind.POLL) {
            c.body.append(text);
            return;
        }
        // SSE: lines; an empty line ends an event.
        c.body.append(text);
        int from = 0;
        int nl;
        while ((nl = c.body.indexOf("\n", from)) >= 0) {
            String line = c.body.substring(from, nl);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            from = nl + 1;
            sseLine(c, line, readAt);
        }
        c.body.delete(0, from);
    }

    private void sseLine(Conn c, String line, long readAt) {
        if (line.isEmpty()) {
            if (c.sseData != null) {
                sseEvent(c, c.sseId, c.sseData, readAt);
            }
            c.sseId = null;
            c.sseData = null;
        } else if (line.startsWith(":")) {
            String comment = line.substring(1).strip();
            if (comment.equals("connected")) {
                c.slot.inPlace = true;
                count("sseConnected");
            } else if (comment.equals("heartbeat")) {
                count("sseHeartbeats");
            }
        } else if (line.startsWith("id:")) {
            c.sseId = line.substring(3).strip();
        } else if (line.startsWith("data:")) {
            c.sseData = c.sseData == null ? line.substring(5) : c.sseData + "\n" + line.substring(5);
        }
    }

    private void sseEvent(Conn c, String id, String data, long readAt) {
        Slot slot = c.slot;
        long seq = id == null ? -1 : Long.parseLong(id);
        if (seq <= slot.cursor) {
            count("duplicates:SSE");
        } else if (seq != slot.cursor + 1) {
            count("gaps:SSE");
        }
        slot.cursor = Math.max(slot.cursor, seq);
        Matcher refund = REFUND_ID.matcher(data);
        if (refund.find()) {
            heard(slot, refund.group(1), readAt);
        }
    }

    private void heard(Slot slot, String refundId, long readAt) {
        count("received:" + slot.kind);
        Tracked t = tracked.get(refundId);
        if (t == null) {
            count("receivedUntracked");
            return;
        }
        if (t.shop != slot.shop) {
            count("receivedOtherShops");
            return;
        }
        t.received.compareAndSet(slot.index, 0, readAt);
    }

    private void complete(Conn c, long readAt) throws IOException {
        Slot slot = c.slot;
        String body = c.body.toString();
        c.body.setLength(0);
        c.state = 0;
        if (c.status != 200) {
            count("refused:" + slot.kind + ":" + c.status);
            slot.inPlace = false;
            close(c);
            if (slot.wanted) {
                // As an ERP would: retry after the Retry-After (5 s).
                retry(slot, c.status == 429 ? 5000 : 1000);
            }
            return;
        }
        if (slot.kind == Kind.SSE) {
            count("sseEnded");
            slot.inPlace = false;
            close(c);
            if (slot.wanted) {
                retry(slot, 1000);
            }
            return;
        }
        long answeredAfter = readAt - c.requestSentNanos;
        Matcher seqs = SEQ.matcher(body);
        long first = -1;
        int items = 0;
        while (seqs.find()) {
            long seq = Long.parseLong(seqs.group(1));
            if (first < 0) {
                first = seq;
            }
            items++;
        }
        if (items == 0) {
            count("pollEmpty");
            emptyAnswers.computeIfAbsent(c.requestPhase.startsWith("warm-up") ? "askedDuringWarmUp" : "askedAfterWarmUp",
                    k -> new ArrayList<>()).add(answeredAfter);
            if (answeredAfter < (o.waitSeconds - 1) * 1_000_000_000L) {
                count("pollEmptyEarly");
            }
        } else {
            count("pollAnswered");
            if (first <= slot.cursor) {
                count("duplicates:POLL");
            } else if (first != slot.cursor + 1) {
                count("gaps:POLL");
            }
        }
        Matcher refunds = REFUND_ID.matcher(body);
        while (refunds.find()) {
            heard(slot, refunds.group(1), readAt);
        }
        Matcher next = NEXT_AFTER.matcher(body);
        if (next.find()) {
            slot.cursor = Math.max(slot.cursor, Long.parseLong(next.group(1)));
        }
        if (c.overdue) {
            count("pollOverdueAnsweredLater:" + (items == 0 ? "empty" : "events"));
        }
        if (c.closeAfter) {
            close(c);
            if (slot.wanted) {
                open(slot);
            }
            return;
        }
        if (slot.wanted) {
            send(c);
        } else {
            close(c);
        }
    }

    private void failed(Conn conn, Exception e) {
        count("ioErrors:" + conn.slot.kind + ":" + e.getClass().getSimpleName() + (e instanceof RuntimeException ? ":" + e.getMessage() : ""));
        close(conn);
        if (conn.slot.wanted) {
            retry(conn.slot, 1000);
        }
    }

    private void retry(Slot slot, long millis) {
        count("retries");
        later(millis, () -> {
            if (slot.wanted && slot.conn == null) {
                open(slot);
            }
        });
    }

    private void close(Conn conn) {
        if (!conn.connected) {
            pendingConnects--;
            conn.connected = true;
        }
        if (conn.slot.conn == conn) {
            conn.slot.conn = null;
            conn.slot.inPlace = false;
        }
        if (conn.key != null) {
            conn.key.cancel();
        }
        try {
            conn.channel.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    private void checkOverdue() {
        long now = System.nanoTime();
        long limit = (o.waitSeconds + 10) * 1_000_000_000L;
        for (Slot[] shop : slots) {
            for (Slot slot : shop) {
                Conn c = slot.conn;
                if (slot.kind == Kind.POLL && c != null && c.connected && c.pendingWrite == null && c.state == 0
                        && now - c.requestSentNanos > limit) {
                    // No answer 10 s past the wait: the service should have answered (empty) at the wait's end.
                    if (!c.overdue) {
                        count("pollOverdue:asked during " + c.requestPhase);
                        c.overdue = true;
                    }
                }
            }
        }
        later(1000, this::checkOverdue);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Opening and closing all waiters.

    private int inPlace() {
        int n = 0;
        for (Slot[] shop : slots) {
            for (Slot slot : shop) {
                if (slot.inPlace) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Opens every waiter (shops interleaved), waits until all are in place or the deadline; seconds taken. */
    private double openAll(long deadlineSeconds) throws InterruptedException {
        long started = System.nanoTime();
        onLoop(() -> {
            for (int i = 0; i < perShop; i++) {
                for (int s = 0; s < o.shops; s++) {
                    Slot slot = slots[s][i];
                    slot.wanted = true;
                    toOpen.add(slot);
                }
            }
        });
        long deadline = started + deadlineSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && inPlace() < o.clients) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "  %,d of %,d waiters in place after %.1f s%n", inPlace(), o.clients, seconds);
        return seconds;
    }

    private void closeAll() throws InterruptedException {
        onLoop(() -> {
            toOpen.clear();
            toOpenNext = 0;
            for (Slot[] shop : slots) {
                for (Slot slot : shop) {
                    slot.wanted = false;
                    if (slot.conn != null) {
                        close(slot.conn);
                    }
                    slot.inPlace = false;
                }
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // The recorder: automatic refunds for random shops, at a steady rate, while `recording`.

    private void recorder() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(20_261_128);
        long interval = (long) (1e9 / o.eventsPerSecond);
        long next = System.nanoTime();
        int n = 0;
        while (!stop) {
            long now = System.nanoTime();
            if (!recording) {
                next = now + interval;
                sleepNanos(5_000_000);
                continue;
            }
            if (now < next) {
                sleepNanos(next - now);
                continue;
            }
            next += interval;
            if (next < now - interval) {
                next = now; // fell behind (the service stalled): do not burst to catch up
            }
            int shop = random.nextInt(o.shops);
            String refundId = "WR-" + shopIds[shop] + "-" + (++n) + "-" + now;
            boolean[] expected = new boolean[perShop];
            for (int i = 0; i < perShop; i++) {
                expected[i] = slots[shop][i].inPlace;
            }
            Tracked t = new Tracked(shop, System.nanoTime(), expected, phase);
            tracked.put(refundId, t);
            String at = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            String paid = DateTimeFormatter.ISO_INSTANT.format(Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
            String body = "{\"refundId\":\"" + refundId + "\",\"requestedAt\":\"" + at + "\",\"refundType\":\"REFUND_ONLY\","
                    + "\"refundAmount\":88.00,\"order\":{\"orderId\":\"O-" + refundId + "\",\"paidAmount\":88.00,"
                    + "\"paidAt\":\"" + paid + "\",\"shippingStatus\":\"UNSHIPPED\",\"virtualGoods\":false,"
                    + "\"serviceTags\":[\"EXPRESS_REFUND\"]},\"shop\":{\"shopId\":\"" + shopIds[shop]
                    + "\",\"expressRefundEnabled\":true}}";
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + o.host + ":" + o.port + "/api/v1/refund-decisions"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .header("Authorization", AFTER_SALES).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                t.okNanos = System.nanoTime();
                t.status = response.statusCode();
                count("recorded:" + response.statusCode());
                if (response.statusCode() == 201 && !response.body().contains("\"AUTO_REFUND\"")) {
                    count("recordedNotAutoRefund");
                    t.status = -1;
                }
            } catch (IOException e) {
                count("recordErrors:" + e.getClass().getSimpleName());
                t.status = -2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The service process: threads and CPU, from /proc.

    private long[] serviceSample() {
        long threads = -1;
        long cpuTicks = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + o.pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.substring(8).strip());
                }
            }
            String stat = Files.readString(Path.of("/proc/" + o.pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        } catch (IOException e) {
            // gone
        }
        return new long[] {System.nanoTime(), threads, cpuTicks};
    }

    private void sampler() {
        while (!stop) {
            long[] sample = serviceSample();
            threadSamples.add(new long[] {sample[0], sample[1], phaseIndex});
            sampleTasks();
            sleepNanos(250_000_000);
        }
    }

    /** CPU ticks of each service thread seen so far, by thread id (threads that ended keep their last value). */
    private final Map<Long, long[]> taskTicks = new HashMap<>();
    private static final String[] TASK_GROUPS = {"JIT compiler", "GC", "event loops", "worker pool", "event poller", "other"};

    private static int taskGroup(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return 0;
        }
        if (comm.startsWith("GC ") || comm.startsWith("G1 ")) {
            return 1;
        }
        if (comm.startsWith("vert.x-eventloo")) {
            return 2;
        }
        if (comm.startsWith("executor-thread")) {
            return 3;
        }
        if (comm.startsWith("refund-event-po")) {
            return 4;
        }
        return 5;
    }

    private void sampleTasks() {
        Map<Long, long[]> now = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + o.pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    now.put(Long.parseLong(task.getFileName().toString()),
                            new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), taskGroup(comm)});
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return;
        }
        synchronized (taskTicks) {
            taskTicks.putAll(now);
        }
    }

    /** Ticks by group, from the threads seen so far. */
    private long[] ticksByGroup() {
        sampleTasks();
        long[] sums = new long[TASK_GROUPS.length];
        synchronized (taskTicks) {
            for (long[] t : taskTicks.values()) {
                sums[(int) t[1]] += t[0];
            }
        }
        return sums;
    }

    private volatile int phaseIndex;
    private final List<String> phaseNames = new ArrayList<>();

    /** Starts a named phase; the sampler tags samples with it. */
    private Map<String, Object> begin(String name) {
        phase = name;
        synchronized (phaseNames) {
            phaseNames.add(name);
            phaseIndex = phaseNames.size() - 1;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("phase", name);
        p.put("startedAtMs", System.currentTimeMillis());
        p.put("waitersInPlace", inPlace());
        p.put("serviceThreadsAtStart", serviceSample()[1]);
        p.put("_start", new long[] {System.nanoTime(), serviceSample()[2], processCpuNanos(), phaseIndex});
        p.put("_groups", ticksByGroup());
        phases.add(p);
        System.out.printf(Locale.ROOT, "== %s  %s (%,d waiters in place, service threads %d)%n",
                java.time.LocalTime.now().truncatedTo(ChronoUnit.SECONDS), name, inPlace(), serviceSample()[1]);
        return p;
    }

    private void end(Map<String, Object> p) {
        long[] start = (long[]) p.remove("_start");
        long[] groupsAtStart = (long[]) p.remove("_groups");
        long[] groups = ticksByGroup();
        long[] now = serviceSample();
        double seconds = (now[0] - start[0]) / 1e9;
        p.put("seconds", round(seconds, 1));
        p.put("endedAtMs", System.currentTimeMillis());
        p.put("serviceThreadsAtEnd", now[1]);
        long index = start[3];
        List<Long> threads = new ArrayList<>();
        synchronized (threadSamples) {
            for (long[] s : threadSamples) {
                if (s[2] == index) {
                    threads.add(s[1]);
                }
            }
        }
        if (!threads.isEmpty()) {
            threads.sort(null);
            p.put("serviceThreadsMin", threads.get(0));
            p.put("serviceThreadsMedian", threads.get(threads.size() / 2));
            p.put("serviceThreadsMax", threads.get(threads.size() - 1));
        }
        long hz = 100; // USER_HZ on Linux
        p.put("serviceCpuSeconds", round((now[2] - start[1]) / (double) hz, 2));
        p.put("serviceCpuCores", round((now[2] - start[1]) / (double) hz / seconds, 2));
        Map<String, Object> byGroup = new LinkedHashMap<>();
        for (int g = 0; g < TASK_GROUPS.length; g++) {
            byGroup.put(TASK_GROUPS[g], round((groups[g] - groupsAtStart[g]) / (double) hz / seconds, 2));
        }
        p.put("serviceCpuCoresByThreads", byGroup);
        p.put("clientCpuCores", round((processCpuNanos() - start[2]) / 1e9 / seconds, 3));
        p.put("waitersInPlaceAtEnd", inPlace());
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // wrk on /evaluate, as bench/run.sh runs it.

    private String wrk(int seconds, String runId) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t1", "-c" + o.wrkConnections, "-d" + seconds + "s", "--timeout", "5s",
                "-s", o.wrkScript.toString(), "http://" + o.host + ":" + o.port, "--", "evaluate", runId, "0")
                .redirectErrorStream(true).start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                }
            }
        }
        process.waitFor();
        if (result == null) {
            throw new IllegalStateException("wrk printed no result:\n" + all);
        }
        return result;
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":([-0-9.eE]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private Map<String, Object> wrkPhase(String name, int round, boolean withWaiters) throws Exception {
        Map<String, Object> p = begin(name);
        recording = true;
        String result = wrk(o.wrkSeconds, "W" + round + (withWaiters ? "w" : "o") + System.nanoTime() % 1_000_000);
        recording = false;
        end(p);
        p.put("round", round);
        p.put("withWaiters", withWaiters);
        p.put("wrk", new Raw(result));
        p.put("rps", number(result, "rps"));
        System.out.printf(Locale.ROOT, "  /evaluate %.0f req/s (p99 %.1f ms), service threads %s..%s, service CPU %.2f cores%n",
                number(result, "rps"), number(result, "p99_ms"), p.get("serviceThreadsMin"), p.get("serviceThreadsMax"),
                (Double) p.get("serviceCpuCores"));
        return p;
    }

    /** A JSON text to write as it is. */
    record Raw(String json) {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Thread dump of the service: what its threads are, and whether any of them is in the event feed's code.

    private String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(o.pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return text;
    }

    private final List<Map<String, Object>> histograms = new ArrayList<>();

    /** The live heap by class after a full GC (jcmd GC.class_histogram): what holding the waiters costs in memory. */
    private Map<String, Object> histogram(String label) throws IOException, InterruptedException {
        String text = jcmd("GC.class_histogram");
        Files.writeString(o.dumps.resolve("histogram-" + label + ".txt"), text);
        Map<String, Long> bytes = new LinkedHashMap<>();
        long total = 0;
        Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)").matcher(text);
        while (row.find()) {
            bytes.put(row.group(3), Long.parseLong(row.group(2)));
            total += Long.parseLong(row.group(2));
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("label", label);
        h.put("waitersInPlace", inPlace());
        h.put("liveBytes", total);
        h.put("_bytes", bytes);
        System.out.printf(Locale.ROOT, "  live heap after a full GC (%s): %.1f MB%n", label, total / 1e6);
        return h;
    }

    /** The difference between the live heap with the waiters held and without: per waiter, and by class. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> heapPerWaiter() {
        Map<String, Object> heap = new LinkedHashMap<>();
        Map<String, Object> held = histograms.stream().filter(h -> h.get("label").equals("waiters-held")).findFirst().orElse(null);
        Map<String, Object> none = histograms.stream().filter(h -> h.get("label").equals("no-waiters")).findFirst().orElse(null);
        if (held == null || none == null) {
            return heap;
        }
        Map<String, Long> with = (Map<String, Long>) held.get("_bytes");
        Map<String, Long> without = (Map<String, Long>) none.get("_bytes");
        long heldBytes = (Long) held.get("liveBytes");
        long noneBytes = (Long) none.get("liveBytes");
        int waiters = (Integer) held.get("waitersInPlace");
        heap.put("liveMbWithWaiters", round(heldBytes / 1e6, 1));
        heap.put("liveMbWithout", round(noneBytes / 1e6, 1));
        heap.put("bytesPerWaiter", waiters == 0 ? 0 : (heldBytes - noneBytes) / waiters);
        List<Map.Entry<String, Long>> diff = new ArrayList<>();
        for (Map.Entry<String, Long> e : with.entrySet()) {
            diff.add(Map.entry(e.getKey(), e.getValue() - without.getOrDefault(e.getKey(), 0L)));
        }
        diff.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        Map<String, Object> top = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : diff.subList(0, Math.min(25, diff.size()))) {
            top.put(e.getKey(), waiters == 0 ? 0 : e.getValue() / waiters);
        }
        heap.put("bytesPerWaiterByClass", top);
        return heap;
    }

    private Map<String, Object> threadDump(String label) throws IOException, InterruptedException {
        String text = jcmd("Thread.print");
        Files.writeString(o.dumps.resolve("threads-" + label + ".txt"), text);
        Map<String, Integer> byGroup = new TreeMap<>();
        Map<String, Integer> states = new TreeMap<>();
        Map<String, Integer> workerStates = new TreeMap<>();
        List<String> inEvents = new ArrayList<>();
        int total = 0;
        for (String block : text.split("\n\n")) {
            if (!block.startsWith("\"")) {
                continue;
            }
            total++;
            String name = block.substring(1, block.indexOf('"', 1));
            String group = name.replaceAll("[-#\\s]*\\d+$", "").replaceAll("\\d+", "N");
            byGroup.merge(group, 1, Integer::sum);
            Matcher state = Pattern.compile("java.lang.Thread.State: (\\w+)").matcher(block);
            String st = state.find() ? state.group(1) : "?";
            states.merge(st, 1, Integer::sum);
            if (name.startsWith("executor-thread")) {
                // A worker of the pool that waits for a task parks in the pool's own code.
                boolean idle = block.contains("EnhancedQueueExecutor$PoolThreadNode.park");
                workerStates.merge(st + (idle ? " (idle in the pool)" : " (at work)"), 1, Integer::sum);
            }
            if (block.contains("io.expressrefund.events")) {
                inEvents.add(name + " (" + st + ")");
            }
        }
        Map<String, Object> dump = new LinkedHashMap<>();
        dump.put("label", label);
        dump.put("waitersInPlace", inPlace());
        dump.put("threads", total);
        dump.put("states", states);
        dump.put("byName", byGroup);
        dump.put("workerPool", workerStates);
        dump.put("threadsInEventCode", inEvents);
        System.out.printf(Locale.ROOT, "  thread dump (%s): %d threads; workers %s; in io.expressrefund.events: %s%n", label,
                total, workerStates, inEvents);
        return dump;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The run.

    void run() throws Exception {
        long runStarted = System.nanoTime();
        Thread loopThread = new Thread(this::loop, "waiters-selector");
        loopThread.setDaemon(true);
        loopThread.start();
        Thread recorderThread = new Thread(this::recorder, "recorder");
        recorderThread.setDaemon(true);
        recorderThread.start();
        Thread samplerThread = new Thread(this::sampler, "sampler");
        samplerThread.setDaemon(true);
        samplerThread.start();
        onLoop(this::checkOverdue);
        List<Map<String, Object>> dumps = new ArrayList<>();

        result.put("clients", o.clients);
        result.put("shops", o.shops);
        result.put("waitersPerShop", perShop);
        result.put("sseStreams", o.clients - o.clients / 2);
        result.put("longPolls", o.clients / 2);
        result.put("longPollWaitSeconds", o.waitSeconds);
        result.put("eventsPerSecond", o.eventsPerSecond);
        result.put("wrkConnections", o.wrkConnections);
        result.put("wrkSeconds", o.wrkSeconds);
        result.put("rounds", o.rounds);

        Map<String, Object> cold = begin("idle, no waiters, before any load");
        Thread.sleep(2000);
        end(cold);
        dumps.add(threadDump("start"));

        // Warm-up, not measured: /evaluate alone, then once with the waiters (their code paths get compiled too).
        warmUp("warm-up: wrk, no waiters", o.warmupMaxSeconds);
        List<Double> openSeconds = new ArrayList<>();
        openSeconds.add(round(open("warm-up: open " + o.clients + " waiters"), 1));
        warmUp("warm-up: wrk, waiters held", o.warmupMaxSeconds / 2);
        Thread.sleep(o.drainSeconds * 1000L);
        close("warm-up: close waiters");

        // Measured: /evaluate without (A) and with (B) the waiters, in the same service process, in the order
        // A B B A A B B A ..., so that a drift of the machine or of the JIT during the run weighs on both alike.
        // The waiters are opened before a B that follows an A (resuming from their cursors, as ERPs do) and closed
        // before an A that follows a B. After the last B they stay for the idle and no-wrk phases below.
        List<Boolean> order = new ArrayList<>();
        for (int i = 0; i < o.rounds; i++) {
            order.addAll(i % 2 == 0 ? List.of(false, true) : List.of(true, false));
        }
        int lastWith = order.lastIndexOf(true);
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        boolean open = false;
        for (int i = 0; i < order.size(); i++) {
            boolean withWaiters = order.get(i);
            if (withWaiters && !open) {
                openSeconds.add(round(open("open " + o.clients + " waiters"), 1));
                open = true;
            } else if (!withWaiters && open) {
                close("close waiters");
                open = false;
            }
            Map<String, Object> p = wrkPhase("wrk /evaluate " + (withWaiters ? "with" : "without") + " waiters, run "
                    + (i + 1), i + 1, withWaiters);
            (withWaiters ? with : without).add((Double) p.get("rps"));
            if (withWaiters) {
                Thread.sleep(o.drainSeconds * 1000L);
            }
            if (i == lastWith) {
                heldPhases(dumps);
            }
        }
        if (open) {
            close("close waiters");
        }
        Map<String, Object> idle = begin("idle, no waiters");
        Thread.sleep(o.settleSeconds * 1000L);
        end(idle);
        dumps.add(threadDump("no-waiters"));
        histograms.add(histogram("no-waiters"));
        if (o.jfr != null) {
            // The service runs with a recording named "waiters" from its start (bench/waiters.sh): starting one
            // now would retransform classes and throw away compiled code in the middle of the measurements.
            System.out.print("  " + jcmd("JFR.dump", "name=waiters", "filename=" + o.jfr.toAbsolutePath()).strip()
                    .replace("\n", " ") + "\n");
        }
        stop = true;
        selector.wakeup();
        loopThread.join(2000);

        // ---- results
        double withMedian = median(with);
        double withoutMedian = median(without);
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("withoutWaitersRps", with.isEmpty() ? List.of() : without);
        throughput.put("withWaitersRps", with);
        throughput.put("withoutMedianRps", round(withoutMedian, 0));
        throughput.put("withMedianRps", round(withMedian, 0));
        throughput.put("ratioOfMedians", round(withMedian / withoutMedian, 3));
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < with.size(); i++) {
            ratios.add(round(with.get(i) / without.get(i), 3));
        }
        throughput.put("ratioPerRound", ratios);
        throughput.put("goal", 0.80);
        throughput.put("met", withMedian / withoutMedian >= 0.80);
        result.put("evaluateThroughput", throughput);
        result.put("secondsToOpenAllWaiters", openSeconds);
        result.put("delivery", delivery());
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put("note", "long-polls answered empty: seconds from the request to the answer (the wait is "
                + o.waitSeconds + " s)");
        emptyAnswers.forEach((when, nanos) -> {
            Map<String, Object> seconds = percentiles(nanos);
            seconds.replaceAll((k, v) -> k.equals("n") ? v : round((Double) v / 1000, 2));
            empty.put(when, seconds);
        });
        result.put("longPollDeadlines", empty);
        result.put("counters", countersSnapshot());
        result.put("phases", phases);
        result.put("threadDumps", dumps);
        result.put("heap", heapPerWaiter());
        result.put("runSeconds", round((System.nanoTime() - runStarted) / 1e9, 1));
        Files.writeString(o.out, json(result, "") + "\n");
        System.out.println("wrote " + o.out);
    }

    /**
     * wrk on /evaluate in chunks of {@code wrkWarmupSeconds} until the JIT compilers used under a tenth of a core
     * during a chunk (at least two chunks, at most {@code maxSeconds}): on 2 shared cores the service keeps
     * compiling for a minute or more, and a measurement before that favours whatever is measured last.
     */
    private void warmUp(String name, int maxSeconds) throws Exception {
        Map<String, Object> p = begin(name);
        recording = true;
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        List<Object> chunks = new ArrayList<>();
        while (true) {
            long[] before = ticksByGroup();
            long t0 = System.nanoTime();
            String result = wrk(o.wrkWarmupSeconds, "WU" + chunks.size() + "-" + System.nanoTime() % 1_000_000);
            double jit = (ticksByGroup()[0] - before[0]) / 100.0 / ((System.nanoTime() - t0) / 1e9);
            chunks.add(Map.of("rps", round(number(result, "rps"), 0), "jitCores", round(jit, 2)));
            System.out.printf(Locale.ROOT, "  %.0f req/s, JIT compilers %.2f cores%n", number(result, "rps"), jit);
            if ((chunks.size() >= 2 && jit < 0.1) || System.nanoTime() > deadline) {
                break;
            }
        }
        recording = false;
        end(p);
        p.put("chunks", chunks);
    }

    /** Opens every waiter as a phase of its own, and settles; seconds until all were in place. */
    private double open(String name) throws InterruptedException {
        Map<String, Object> opening = begin(name);
        double took = openAll(180);
        double settled = settle();
        end(opening);
        opening.put("secondsUntilAllInPlace", round(took, 2));
        opening.put("secondsToSettle", round(settled, 1));
        return took;
    }

    private void close(String name) throws InterruptedException {
        Map<String, Object> closing = begin(name);
        closeAll();
        double settled = settle();
        end(closing);
        closing.put("secondsToSettle", round(settled, 1));
    }

    /**
     * Waits at least {@code settleSeconds}, then until the service's JIT compilers used under a tenth of a core
     * over 2 s (at most {@code settleMaxSeconds}): opening or closing 10,000 connections runs code paths nothing
     * else runs (connection set-up, cancellation), whose compilation, and the deoptimizations it brings, would
     * otherwise land in the next measurement. ERPs that come and go one by one in production keep them warm.
     */
    private double settle() throws InterruptedException {
        long started = System.nanoTime();
        Thread.sleep(o.settleSeconds * 1000L);
        long deadline = started + o.settleMaxSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long before = ticksByGroup()[0];
            Thread.sleep(2000);
            if ((ticksByGroup()[0] - before) / 100.0 / 2 < 0.1) {
                break;
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * With the waiters held: idle, then refunds at the same rate without wrk, long enough that the long-polls
     * also reach their deadline (answered empty) and are asked again.
     */
    private void heldPhases(List<Map<String, Object>> dumps) throws Exception {
        Map<String, Object> held = begin("idle, waiters held");
        Thread.sleep(o.settleSeconds * 1000L);
        end(held);
        dumps.add(threadDump("waiters-held"));
        Map<String, Object> quiet = begin("refunds to waiters, no wrk");
        recording = true;
        Thread.sleep(o.quietSeconds * 1000L);
        recording = false;
        Thread.sleep(o.drainSeconds * 1000L);
        end(quiet);
        dumps.add(threadDump("waiters-held-after-refunds"));
        histograms.add(histogram("waiters-held"));
    }

    private Map<String, Object> countersSnapshot() {
        Map<String, Object> copy = new LinkedHashMap<>();
        synchronized (counters) {
            counters.forEach((name, value) -> copy.put(name, value.get()));
        }
        return copy;
    }

    /** Delays from each recorded automatic refund to each waiter of its shop that was in place when it was sent. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> delivery() {
        Map<String, List<Long>> fromOk = new LinkedHashMap<>();
        Map<String, List<Long>> fromSent = new LinkedHashMap<>();
        Map<String, long[]> missed = new LinkedHashMap<>(); // expected, missed
        int recorded = 0;
        int notRecorded = 0;
        for (Tracked t : tracked.values()) {
            if (t.status != 201 && t.status != 200) {
                notRecorded++;
                continue;
            }
            recorded++;
            for (int i = 0; i < perShop; i++) {
                if (!t.expected[i]) {
                    continue;
                }
                Kind kind = slots[t.shop][i].kind;
                String during = t.phase.contains("wrk") && !t.phase.contains("no wrk") ? "duringWrk" : "noWrk";
                for (String key : List.of("all", kind.name(), during)) {
                    long[] m = missed.computeIfAbsent(key, k -> new long[2]);
                    m[0]++;
                    long at = t.received.get(i);
                    if (at == 0) {
                        m[1]++;
                    } else {
                        fromOk.computeIfAbsent(key, k -> new ArrayList<>()).add(at - t.okNanos);
                        fromSent.computeIfAbsent(key, k -> new ArrayList<>()).add(at - t.sentNanos);
                    }
                }
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventsRecorded", recorded);
        d.put("eventsNotRecorded", notRecorded);
        d.put("note", "fromCommitMs: from the 201 answer to the waiter's read (negative when the event reached the waiter "
                + "before the 201 reached the recorder); fromRequestMs: from sending the POST (an upper bound: includes "
                + "deciding and committing)");
        for (String key : missed.keySet()) {
            Map<String, Object> k = new LinkedHashMap<>();
            long[] m = missed.get(key);
            k.put("deliveriesExpected", m[0]);
            k.put("missed", m[1]);
            k.put("fromCommitMs", percentiles(fromOk.getOrDefault(key, List.of())));
            k.put("fromRequestMs", percentiles(fromSent.getOrDefault(key, List.of())));
            List<Long> sent = fromSent.getOrDefault(key, List.of());
            k.put("over1sFromRequest", sent.stream().filter(v -> v > 1_000_000_000L).count());
            d.put(key, k);
        }
        Map<String, Object> all = (Map<String, Object>) d.get("all");
        if (all != null) {
            double p99 = (Double) ((Map<String, Object>) all.get("fromRequestMs")).get("p99");
            d.put("goalP99Ms", 1000);
            d.put("met", p99 < 1000 && (Long) all.get("missed") == 0);
        }
        return d;
    }

    private static Map<String, Object> percentiles(List<Long> nanos) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (nanos.isEmpty()) {
            return p;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        p.put("n", sorted.length);
        p.put("p50", round(at(sorted, 0.50) / 1e6, 1));
        p.put("p90", round(at(sorted, 0.90) / 1e6, 1));
        p.put("p99", round(at(sorted, 0.99) / 1e6, 1));
        p.put("p999", round(at(sorted, 0.999) / 1e6, 1));
        p.put("max", round(sorted[sorted.length - 1] / 1e6, 1));
        p.put("min", round(sorted[0] / 1e6, 1));
        return p;
    }

    private static long at(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    // ---------------------------------------------------------------------------------------------------------
    // A small JSON writer (the bench's classpath is kept small; this program needs only the JDK).

    private static String json(Object value, String indent) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Raw raw) {
            return raw.json();
        }
        if (value instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return "null";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String inner = indent + "  ";
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return "{}";
            }
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(inner + json(k.toString(), inner) + ": " + json(v, inner)));
            return "{\n" + String.join(",\n", parts) + "\n" + indent + "}";
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return "[]";
            }
            boolean simple = list.stream().allMatch(v -> v instanceof Number || v instanceof String);
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add((simple ? "" : inner) + json(v, inner)));
            return simple ? "[" + String.join(", ", parts) + "]" : "[\n" + String.join(",\n", parts) + "\n" + indent + "]";
        }
        return json(value.toString(), indent);
    }
}

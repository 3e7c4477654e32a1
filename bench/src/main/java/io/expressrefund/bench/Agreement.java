package io.expressrefund.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.facts.RefundCase;

/** Checks that two evaluators decide a list of requests alike. */
public final class Agreement {
    private Agreement() {
    }

    /** Everything the service answers, in order: the path, every unmet condition and every fired rule, in firing order. */
    public static Object exact(Evaluation evaluation) {
        return evaluation;
    }

    /**
     * The decision as the service's answer shows it, fired rules as a set: the path, the reasons (code and message,
     * in order) and which rules fired.
     */
    public static Object decided(Evaluation evaluation) {
        return List.of(String.valueOf(evaluation.approvedBy()), evaluation.reasons(),
                evaluation.firedRules().stream().sorted().toList());
    }

    public static void require(String what, List<Requests.Request> requests, Function<Evaluation, Object> compared,
            BiFunction<RefundCase, List<Object>, Evaluation> expected, BiFunction<RefundCase, List<Object>, Evaluation> actual) {
        List<String> found = new ArrayList<>();
        int count = 0;
        for (Requests.Request request : requests) {
            Evaluation wanted = expected.apply(request.refundCase(), request.context());
            Evaluation got = actual.apply(request.refundCase(), request.context());
            if (!compared.apply(wanted).equals(compared.apply(got))) {
                count++;
                if (found.size() < 3) {
                    found.add(request + "\n  expected " + wanted + "\n  actual   " + got);
                }
            }
        }
        if (count > 0) {
            throw new IllegalStateException(what + " disagree on " + count + " of " + requests.size() + " requests, first:\n"
                    + String.join("\n", found));
        }
    }
}

package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.expressrefund.support.TempRules;

/** The packaged service refuses to start on rules that do not compile, and says where they are wrong. */
class StartupWithBrokenRulesIT {

    @Test
    void theServiceExitsNonZeroNamingFileAndLine() throws IOException, InterruptedException {
        TempRules rules = TempRules.copyOfRealRules("broken-rules");
        rules.replace("express/eligibility.drl", "RefundCase( virtualGoods )", "RefundCase( virtualGods )");
        Path log = Files.createTempFile("startup", ".log");

        Process service = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drefund.rules.dir=" + rules.folder(),
                "-Dquarkus.http.port=0",
                "-Dquarkus.datasource.\"h2\".jdbc.url=jdbc:h2:mem:startup",
                "-jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean exited = service.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            service.destroyForcibly();
        }

        String output = Files.readString(log);
        assertTrue(exited, "the service should stop by itself; it printed:\n" + output);
        assertNotEquals(0, service.exitValue());
        assertTrue(output.contains("express/eligibility.drl:38"), "the output should name file and line:\n" + output);
        assertTrue(output.contains("virtualGods"), output);
    }
}

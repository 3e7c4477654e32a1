package io.expressrefund.console;

import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.security.HttpSecurity;

/**
 * Keeps {@code /api} answering an anonymous caller as before the console: {@code 401} with the Basic
 * challenge. With form login enabled Quarkus makes Basic "silent", and the form's redirect to the login page
 * would otherwise become the API's challenge. The console's paths select the form mechanism themselves.
 */
public class ApiChallenge {
    void register(@Observes HttpSecurity http) {
        http.mechanism(new BasicAuthenticationMechanism(null, false));
    }
}

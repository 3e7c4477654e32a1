package io.expressrefund.support;

import java.time.Instant;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Bearer tokens as an identity provider would issue them, signed by the test key. */
public final class Tokens {
    public static final String ISSUER = "https://express-refund.dev/issuer";

    private Tokens() {
    }

    public static String valid(String user, String... groups) {
        return claims(user, groups).expiresAt(Instant.now().plusSeconds(300)).sign();
    }

    public static String expired(String user, String... groups) {
        return claims(user, groups).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
    }

    public static String signedByAnotherKey(String user, String... groups) {
        return claims(user, groups).expiresAt(Instant.now().plusSeconds(300)).sign("jwt/otherPrivateKey.pem");
    }

    private static JwtClaimsBuilder claims(String user, String... groups) {
        return Jwt.issuer(ISSUER).upn(user).groups(Set.of(groups));
    }
}

package io.expressrefund.support;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/** Bearer tokens as an identity provider would issue them, signed by the test key. */
public final class Tokens {
    public static final String ISSUER = "https://express-refund.dev/issuer";

    private Tokens() {
    }

    public static String valid(String user, String... groups) {
        return claims(user, groups).expiresAt(Instant.now().plusSeconds(300)).sign(key("jwt/privateKey.pem"));
    }

    public static String expired(String user, String... groups) {
        return claims(user, groups).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(key("jwt/privateKey.pem"));
    }

    public static String signedByAnotherKey(String user, String... groups) {
        return claims(user, groups).expiresAt(Instant.now().plusSeconds(300)).sign(key("jwt/otherPrivateKey.pem"));
    }

    /** Reads a key from the test resources, so that tokens can be signed outside Quarkus too. */
    private static PrivateKey key(String resource) {
        try {
            return KeyUtils.readPrivateKey(resource);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test key " + resource, e);
        }
    }

    private static JwtClaimsBuilder claims(String user, String... groups) {
        return Jwt.issuer(ISSUER).upn(user).groups(Set.of(groups));
    }
}

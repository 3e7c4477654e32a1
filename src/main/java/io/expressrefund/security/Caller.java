package io.expressrefund.security;

import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.RequestScoped;

import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/** Who is calling, and which shops it may see. */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's name, recorded with what it decides or changes. */
    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    public boolean isRefundService() {
        return identity.hasRole(Roles.REFUND_SERVICE);
    }

    /** The shops this caller manages as a merchant. */
    public Set<String> shops() {
        Set<String> shops = new TreeSet<>();
        if (identity.hasRole(Roles.MERCHANT)) {
            for (String role : identity.getRoles()) {
                if (role.startsWith(Roles.SHOP_PREFIX)) {
                    shops.add(role.substring(Roles.SHOP_PREFIX.length()));
                }
            }
        }
        return shops;
    }

    /**
     * Refuses with 403 unless the caller is a merchant of this shop. A shop that does not exist is refused the
     * same way, so that nobody can probe which shops exist.
     */
    public void requireMerchantOf(String shopId) {
        if (!identity.hasRole(Roles.MERCHANT) || !identity.hasRole(Roles.shop(shopId))) {
            throw forbidden();
        }
    }

    /** Refuses with 403 unless the caller may read this shop's decisions: the after-sales service, or its merchant. */
    public void requireReaderOf(String shopId) {
        if (!isRefundService()) {
            requireMerchantOf(shopId);
        }
    }

    /** The 403 problem, the same for a shop that is not the caller's and for one that does not exist. */
    public static ProblemException forbidden() {
        return new ProblemException(Problem.of("forbidden", "Forbidden", 403,
                "The caller may not do this for this shop."));
    }
}

package io.expressrefund.platform;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document in one place instead of on every method: the error responses every API
 * operation can give, each as a problem+json {@code Problem}; both ways to authenticate (HTTP Basic and a
 * bearer JWT), required by every API operation; and a relative server, so that a generated client calls the
 * host it was given.
 */
public class ProblemResponses implements OASFilter {
    private static final String BASIC = "basic";
    private static final String JWT = "jwt";
    private static final Map<String, String> COMMON = Map.of(
            "400", "Invalid request: the violations name each offending field, parameter or header",
            "401", "No credentials, or wrong or expired ones (WWW-Authenticate gives the challenges)",
            "403", "The caller's roles or shops do not allow this",
            "406", "The Accept header allows none of the types this operation answers with",
            "500", "An unexpected failure; the detail gives an incident id",
            "503", "The database did not answer; nothing was recorded. Retry after Retry-After");
    private static final Map<String, String> WITH_BODY = Map.of(
            "413", "The body is over 256 KiB",
            "415", "The body is not application/json");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.setServers(List.of(OASFactory.createServer().url("/").description("The service that serves this document")));
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents()
                .addSecurityScheme(BASIC, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("HTTP Basic against the service's users (quick start, tests, service accounts)"))
                .addSecurityScheme(JWT, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("JWT").description("A bearer token of the identity provider; roles in its groups claim"));
        // Problem.errors holds a refused rule set's problems; the problem package names no feature's type.
        Schema problem = openAPI.getComponents().getSchemas() == null ? null : openAPI.getComponents().getSchemas().get("Problem");
        if (problem != null && problem.getProperties() != null && problem.getProperties().get("errors") != null) {
            problem.getProperties().get("errors").items(OASFactory.createSchema().ref("#/components/schemas/RuleProblem"));
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> {
                    addCommonProblems(operation, COMMON);
                    if (operation.getRequestBody() != null) {
                        addCommonProblems(operation, WITH_BODY);
                    }
                    operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(BASIC),
                            OASFactory.createSecurityRequirement().addScheme(JWT)));
                });
            }
        });
    }

    /** Adds each problem response the operation lacks, and gives a body to those the generator added without one. */
    private static void addCommonProblems(Operation operation, Map<String, String> problems) {
        APIResponses responses = operation.getResponses();
        problems.forEach((status, description) -> {
            APIResponse existing = responses.getAPIResponse(status);
            if (existing == null) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(problem()));
            } else if (existing.getContent() == null) {
                existing.description(description).content(problem());
            }
        });
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType("application/problem+json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/Problem")));
    }

}

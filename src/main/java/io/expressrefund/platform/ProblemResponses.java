package io.expressrefund.platform;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the error responses every API operation can give to the OpenAPI document, each as a problem+json
 * {@code Problem}, so that they are described once instead of on every method.
 */
public class ProblemResponses implements OASFilter {
    private static final Map<String, String> COMMON = Map.of(
            "400", "Invalid request: the violations name each offending field",
            "401", "No credentials, or wrong or expired ones",
            "403", "The caller's roles or shops do not allow this",
            "413", "The body is over 256 KiB",
            "500", "An unexpected failure; the detail gives an incident id",
            "503", "The database did not answer; nothing was recorded. Retry");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ProblemResponses::addCommonProblems);
            }
        });
    }

    private static void addCommonProblems(Operation operation) {
        APIResponses responses = operation.getResponses();
        COMMON.forEach((status, description) -> {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                        .content(OASFactory.createContent().addMediaType("application/problem+json",
                                OASFactory.createMediaType().schema(OASFactory.createSchema()
                                        .ref("#/components/schemas/Problem")))));
            }
        });
    }

}

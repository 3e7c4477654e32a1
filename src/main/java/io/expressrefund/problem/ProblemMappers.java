package io.expressrefund.problem;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.expressrefund.platform.StorageDataException;
import io.expressrefund.platform.StorageException;

/**
 * The one place that turns failures into problem+json. Nothing here ever shows a Java class name or a
 * stack trace to the caller: unexpected failures are logged with an id the response gives.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return respond(Problem.invalidRequest(e.violations()));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = respond(e.problem());
        return e.retryAfter().map(wait -> Response.fromResponse(response)
                .header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))).build()).orElse(response);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e) {
        List<FieldViolation> violations = e.getConstraintViolations().stream()
                .map(FieldViolation::of)
                .sorted(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message))
                .distinct()
                .toList();
        return respond(Problem.invalidRequest(violations));
    }

    // One mapper per Jackson exception class, all in the same words (JsonProblems): Quarkus REST picks a mapper by
    // the thrown class and brings its own for some of them, and hands some JsonMappingExceptions (a number out of
    // range, wrapped with its path) to the mapper of JsonProcessingException.
    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response badValue(InvalidFormatException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unmappableJson(JsonMappingException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return unreadable(e);
    }

    private static Response unreadable(JsonProcessingException e) {
        return respond(Problem.invalidRequest(List.of(JsonProblems.violation(e))));
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(Problem.of("forbidden", "Forbidden", 403, "The caller's roles do not allow this."));
    }

    /** No credentials for an endpoint that needs them: the challenges of both schemes. */
    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return HttpProblems.unauthorized(respond(HttpProblems.UNAUTHORIZED));
    }

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        LOG.errorf(e, "The database failed; nothing was recorded");
        return Response.fromResponse(respond(Problem.of("storage-unavailable", "Storage unavailable", 503,
                "The database did not answer; nothing was recorded. Retry the same request.")))
                .header("Retry-After", "1").build();
    }

    /** A bug that validation should have caught: logged once with the request, answered 500, never as an outage. */
    @ServerExceptionMapper
    public Response storageData(StorageDataException e, ContainerRequestContext request) {
        String incident = Long.toHexString(System.nanoTime());
        String caller = request.getSecurityContext() == null || request.getSecurityContext().getUserPrincipal() == null
                ? "anonymous" : request.getSecurityContext().getUserPrincipal().getName();
        LOG.errorf(e, "The database refused the data of %s %s by %s (incident %s): validation should have caught it",
                request.getMethod(), request.getUriInfo().getPath(), caller, incident);
        return respond(Problem.of("internal-error", "Internal error", 500,
                "The service failed unexpectedly (incident " + incident + ")."));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "Request failed with status %d", status);
        }
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        Response answer = respond(Problem.of("http-" + status, title, status, detailOf(status)));
        String allow = e.getResponse().getHeaderString("Allow");
        return allow == null ? answer : Response.fromResponse(answer).header("Allow", allow).build();
    }

    /** The service's own words for what the HTTP layer refuses, never the framework's. */
    private static String detailOf(int status) {
        return switch (status) {
            case 404 -> "There is no such resource; the API is described at /q/openapi.";
            case 405 -> "This resource does not take this method.";
            case 406 -> "The service answers application/json (application/problem+json for errors) "
                    + "and text/event-stream for streams; the Accept header allows none of them.";
            case 415 -> "Send the body as application/json.";
            default -> status >= 500 ? "The service could not complete the request." : "The request was refused.";
        };
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        if (clientWentAway(e)) {
            // The caller closed the connection before the answer; nobody is left to tell.
            LOG.debugf("A client went away before its answer: %s", e.getMessage());
            return respond(Problem.of("client-closed", "Client closed the connection", 499, "The client went away."));
        }
        String incident = Long.toHexString(System.nanoTime());
        LOG.errorf(e, "Unexpected failure (incident %s)", incident);
        return respond(Problem.of("internal-error", "Internal error", 500,
                "The service failed unexpectedly (incident " + incident + ")."));
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.nio.channels.ClosedChannelException
                    || cause.getClass().getName().equals("io.vertx.core.http.HttpClosedException")) {
                return true;
            }
        }
        return false;
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}

package io.expressrefund.rules.declared;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The fact types the rules in service declare, and the version they belong to. */
@Schema(description = "The fact types the rules in service declare: what a request may carry under facts")
public record FactTypes(
        @Schema(description = "The rule set in service", example = "sha256:a96920fccfb2db18") String version,
        List<FactTypeView> types) {
}

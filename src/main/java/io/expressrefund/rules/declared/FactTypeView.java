package io.expressrefund.rules.declared;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A fact type the rules in service declare: what a client may post under {@code facts}. */
@Schema(description = "A fact type declared in the DRL of the rules in service, as a client may post it under facts")
public record FactTypeView(
        @Schema(description = "The simple name, the key to post it under", example = "ProductFacts") String name,
        @Schema(description = "The DRL package that declares it", example = "express") String packageName,
        @Schema(description = "package.Name: the key to use where two packages declare the same simple name", example = "express.ProductFacts") String qualifiedName,
        @Schema(description = "The DRL file that declares it", example = "express/fresh-food.drl") String file,
        @Schema(description = "Whether a request may carry an array of it (declared @repeatable) rather than one object") boolean repeatable,
        List<Field> fields) {

    /** One field: its name, the JSON it takes, its Java type and, for an enum, the names it takes. */
    @Schema(description = "A field of a declared fact type")
    public record Field(
            String name,
            @Schema(description = "The JSON the field takes", enumeration = { "string", "boolean", "integer",
                    "integer (64-bit)", "decimal", "date-time", "array of string", "unsupported" }) String type,
            @Schema(description = "The field's Java type in the DRL", example = "java.lang.String") String javaType,
            @Schema(description = "For a field of an enum type (declare enum Colour RED, GREEN; end), the only "
                    + "strings it takes, in declaration order; absent for any other field", example = "[\"RED\", \"GREEN\"]")
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> values) {
    }
}

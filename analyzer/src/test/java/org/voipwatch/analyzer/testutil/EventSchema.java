package org.voipwatch.analyzer.testutil;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Set;

/** schemas/events.schema.json loaded with a real JSON Schema validator (networknt), formats asserted. */
public final class EventSchema {
    private final JsonSchema schema;

    public EventSchema() throws IOException {
        SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(Captures.repoRoot().resolve("schemas/events.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, cfg);
        }
    }

    /** The validation errors of one JSON text (empty = valid). */
    public Set<ValidationMessage> validate(String json) throws IOException {
        return schema.validate(json, com.networknt.schema.InputFormat.JSON);
    }
}

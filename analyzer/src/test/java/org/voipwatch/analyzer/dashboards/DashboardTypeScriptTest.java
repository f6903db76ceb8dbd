package org.voipwatch.analyzer.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Type-checks every dashboard against Grafana's own TypeScript types (npm package {@code @grafana/schema}) with
 * {@code tsc --noEmit}: the dashboard against {@code Dashboard} and each panel's options and custom field config
 * against its panel plugin's {@code Options}/{@code FieldConfig}. Object literals get TypeScript's excess-property
 * check, so an unknown key or a bad enum value fails. Skipped when npm or the registry is unavailable.
 */
class DashboardTypeScriptTest {
    /** Options types per panel plugin, from @grafana/schema's generated panel configs. */
    private static final Map<String, String[]> PANEL_TYPES = Map.of(
            "timeseries", new String[] {"TimeSeriesOptions", "TimeSeriesField"},
            "stat", new String[] {"StatOptions", null},
            "table", new String[] {"TableOptions", "TableField"},
            "bargauge", new String[] {"BarGaugeOptions", null});
    private static final String CFG = "@grafana/schema/dist/esm/raw/composable/";
    private static final String HEADER = String.join("\n",
            "import type { Dashboard } from '@grafana/schema';",
            "import type { Options as TimeSeriesOptions, FieldConfig as TimeSeriesField } from '" + CFG
                    + "timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';",
            "import type { Options as StatOptions } from '" + CFG + "stat/panelcfg/x/StatPanelCfg_types.gen';",
            "import type { Options as TableOptions, FieldConfig as TableField } from '" + CFG
                    + "table/panelcfg/x/TablePanelCfg_types.gen';",
            "import type { Options as BarGaugeOptions } from '" + CFG
                    + "bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';",
            // JSON has strings where the types have string enums (ThresholdsMode...): accept each enum's values
            "type Loose<T> = T extends string ? T | `${T}` : T extends (infer U)[] ? Loose<U>[]",
            "  : T extends object ? { [K in keyof T]: Loose<T[K]> } : T;",
            "");
    private static final String TSCONFIG = "{\"compilerOptions\": {\"strict\": true, \"noEmit\": true, "
            + "\"module\": \"nodenext\", \"moduleResolution\": \"nodenext\", \"target\": \"es2022\", "
            + "\"skipLibCheck\": true, \"types\": []}, \"files\": [\"dashboards.ts\"]}";

    @TempDir
    Path tmp;

    @Test
    void dashboardsTypeCheckAgainstGrafanaSchema() throws Exception {
        Path npm = Tools.npmPackages();
        StringBuilder ts = new StringBuilder(HEADER);
        int n = 0;
        for (Path f : Dashboards.files()) {
            append(ts, "d" + n++, Dashboards.read(f));
        }
        Tools.Run r = tsc(npm, ts.toString());
        assertEquals(0, r.exit(), r.output());
    }

    /** The same check on a dashboard with one misspelt enum value and one unknown key must fail, twice. */
    @Test
    void theCheckRejectsABadEnumValueAndAnUnknownKey() throws Exception {
        Path npm = Tools.npmPackages();
        String noc = Files.readString(Dashboards.DIR.resolve("voipwatch-noc.json"));
        StringBuilder ts = new StringBuilder(HEADER);
        append(ts, "badEnum", Dashboards.JSON.readTree(noc.replaceFirst("\"absolute\"", "\"absolut\"")));
        append(ts, "badKey", Dashboards.JSON.readTree(noc.replaceFirst("\"graphTooltip\"", "\"graphTooltipp\"")));
        Tools.Run r = tsc(npm, ts.toString());
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("'\"absolut\"' is not assignable"), r.output());
        assertTrue(r.output().contains("graphTooltipp"), r.output());
    }

    private static void append(StringBuilder ts, String name, JsonNode d) throws Exception {
        ts.append("export const ").append(name).append(": Loose<Dashboard> = ")
                .append(Dashboards.JSON.writeValueAsString(d)).append(";\n");
        for (JsonNode p : Dashboards.panels(d)) {
            String[] types = PANEL_TYPES.get(p.path("type").asText());
            assertTrue(types != null, "no options type for panel type " + p.path("type"));
            String id = name + "p" + p.path("id").asInt();
            ts.append("export const ").append(id).append("o: Loose<Partial<").append(types[0]).append(">> = ")
                    .append(Dashboards.JSON.writeValueAsString(p.path("options"))).append(";\n");
            JsonNode custom = p.path("fieldConfig").path("defaults").path("custom");
            if (types[1] != null && !custom.isMissingNode()) {
                ts.append("export const ").append(id).append("c: Loose<Partial<").append(types[1]).append(">> = ")
                        .append(Dashboards.JSON.writeValueAsString(custom)).append(";\n");
            }
        }
    }

    private Tools.Run tsc(Path npm, String source) throws Exception {
        Files.writeString(tmp.resolve("dashboards.ts"), source);
        Files.writeString(tmp.resolve("tsconfig.json"), TSCONFIG);
        Files.createSymbolicLink(tmp.resolve("node_modules"), npm.resolve("node_modules"));
        return Tools.run(tmp, 120, List.of(npm.resolve("node_modules/.bin/tsc").toString(), "-p", "."));
    }
}

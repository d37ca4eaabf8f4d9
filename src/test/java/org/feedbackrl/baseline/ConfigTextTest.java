package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config records as flags: names, overrides, round trip and one-line errors. */
class ConfigTextTest {

    @Test
    void everyComponentIsAFlagWithHelp() {
        for (Class<? extends Record> c : java.util.List.of(SacConfig.class, PpoConfig.class, MbpoConfig.class)) {
            for (ConfigText.Flag f : ConfigText.flags(c)) {
                assertEquals(true, f.name().matches("--[a-z]+(-[a-z]+)*"), f.name());
                assertEquals(true, f.help().length() > 10, c.getSimpleName() + " " + f.component() + " needs a @Help");
            }
        }
        assertEquals("--gae-lambda", ConfigText.kebab("gaeLambda").transform(s -> "--" + s));
    }

    @Test
    void overridesParseAndTheRestStays() {
        SacConfig d = SacConfig.defaults("car");
        SacConfig c = ConfigText.with(d, Map.of("lr", "1e-3", "hidden", "64, 32", "targetEntropy", "nan", "activation", "TANH"));
        assertEquals(1e-3, c.lr());
        assertArrayEquals(new int[] {64, 32}, c.hidden());
        assertEquals("tanh", c.activation());
        assertEquals(d.batchSize(), c.batchSize());
        assertEquals(ConfigText.describe(c), ConfigText.describe(ConfigText.with(c, Map.of())));
        PpoConfig p = ConfigText.with(PpoConfig.defaults("car"), Map.of("normalizeObs", "false"));
        assertEquals(false, p.normalizeObs());
    }

    @Test
    void badValuesAreOneLine() {
        SacConfig d = SacConfig.defaults("car");
        assertEquals("--lr: 'x' is not a finite number (or nan)",
                assertThrows(IllegalArgumentException.class, () -> ConfigText.with(d, Map.of("lr", "x"))).getMessage());
        assertEquals("--lr must be a positive number, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> ConfigText.with(d, Map.of("lr", "-1"))).getMessage());
        assertEquals("--hidden: '64,a' is not a comma-separated list of integers",
                assertThrows(IllegalArgumentException.class, () -> ConfigText.with(d, Map.of("hidden", "64,a"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfigText.with(PpoConfig.defaults("car"), Map.of("normalizeObs", "maybe")));
    }
}

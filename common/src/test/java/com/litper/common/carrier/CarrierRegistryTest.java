package com.litper.common.carrier;

import com.litper.common.carrier.autoconfigure.CarrierRegistryAutoConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.autoconfigure.LitperDefaults;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The one carrier registry: five defaults from litper-common, more from configuration alone, checked at start-up. */
class CarrierRegistryTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CarrierRegistryAutoConfiguration.class))
            .withInitializer(context -> new LitperDefaults().postProcessEnvironment(context.getEnvironment(), null));

    @Nested
    class Defaults {

        @Test
        void theFiveNationalCarriersWithTheirNamesAndSandboxAddresses() {
            runner.run(context -> {
                CarrierRegistry registry = context.getBean(CarrierRegistry.class);
                assertThat(registry.codes()).containsExactly("coordinadora", "envia", "interrapidisimo", "servientrega", "tcc");
                assertThat(registry.displayName("interrapidisimo")).isEqualTo("Inter Rapidísimo");
                assertThat(registry.displayName("envia")).isEqualTo("Envía");
                assertThat(registry.displayName("TCC")).as("any case").isEqualTo("TCC");
                assertThat(registry.carrier("servientrega").orElseThrow().baseUrl())
                        .isEqualTo(URI.create("http://localhost:8099/carriers/servientrega"));
                assertThat(registry.carriers().values()).allSatisfy(carrier -> {
                    assertThat(carrier.enabled()).isTrue();
                    assertThat(carrier.apiKey()).isNull();
                    assertThat(carrier.acceptsWebhooks()).as("no secret, no webhooks").isFalse();
                });
                assertThat(registry.carriers()).hasEntrySatisfying("interrapidisimo", c -> assertThat(c.polling()).isTrue())
                        .hasEntrySatisfying("coordinadora", c -> assertThat(c.polling()).isFalse());
            });
        }
    }

    @Nested
    class ConfigurationOnly {

        @Test
        void aSixthCarrierDefinedByEnvironmentVariablesJoinsTheDefaults() {
            runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                                    "LITPER_CARRIERS_DEPRISA_BASEURL", "https://api.deprisa.example/litper",
                                    "LITPER_CARRIERS_DEPRISA_APIKEY", "deprisa-key",
                                    "LITPER_CARRIERS_DEPRISA_WEBHOOKSECRET", "deprisa-secret",
                                    "LITPER_CARRIERS_SERVIENTREGA_BASEURL", "https://api.servientrega.example",
                                    "LITPER_CARRIERS_SERVIENTREGA_APIKEY", "servientrega-key"))))
                    .run(context -> {
                        CarrierRegistry registry = context.getBean(CarrierRegistry.class);
                        assertThat(registry.codes()).hasSize(6).contains("deprisa");
                        CarrierRegistry.Carrier deprisa = registry.carrier("deprisa").orElseThrow();
                        assertThat(deprisa.displayName()).as("the code capitalised").isEqualTo("Deprisa");
                        assertThat(deprisa.baseUrl()).isEqualTo(URI.create("https://api.deprisa.example/litper"));
                        assertThat(deprisa.apiKey()).isEqualTo("deprisa-key");
                        assertThat(deprisa.acceptsWebhooks()).isTrue();
                        assertThat(deprisa.enabled()).isTrue();
                        CarrierRegistry.Carrier servientrega = registry.carrier("servientrega").orElseThrow();
                        assertThat(servientrega.baseUrl()).as("the environment wins over the defaults")
                                .isEqualTo(URI.create("https://api.servientrega.example"));
                        assertThat(servientrega.displayName()).isEqualTo("Servientrega");
                        assertThat(servientrega.apiKey()).isEqualTo("servientrega-key");
                    });
        }

        @Test
        void aCarrierCanBeSwitchedOffForNewOrdersAndNamedForBuyers() {
            runner.withPropertyValues("litper.carriers.tcc.enabled=false", "litper.carriers.deprisa.display-name=Deprisa Express",
                            "litper.carriers.deprisa.enabled=false")
                    .run(context -> {
                        CarrierRegistry registry = context.getBean(CarrierRegistry.class);
                        assertThat(registry.carrier("tcc").orElseThrow().enabled()).isFalse();
                        assertThat(registry.displayName("deprisa")).isEqualTo("Deprisa Express");
                        assertThat(registry.carrier("deprisa").orElseThrow().baseUrl()).as("not needed while disabled").isNull();
                    });
        }
    }

    @Nested
    class Validation {

        @Test
        void anEnabledCarrierWithoutBaseUrlStopsTheServiceNamingTheProperty() {
            runner.withPropertyValues("litper.carriers.deprisa.display-name=Deprisa").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("litper.carriers.deprisa.base-url is required");
            });
        }

        @Test
        void aCodeThatCannotBeAnEnvironmentVariableOrPathIsRefused() {
            runner.withPropertyValues("litper.carriers[envia-express].base-url=http://localhost:8099/carriers/x").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("lower-case letters and digits");
            });
        }

        @Test
        void aVariableUnderLitperCarriersThatIsNoCarrierSettingStopsTheService() {
            // worker-service's old LITPER_CARRIERS_TIMEOUT is now LITPER_CARRIERAPI_TIMEOUT: the old name must not pass silently.
            runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                    Map.of("LITPER_CARRIERS_TIMEOUT", "30s"))))
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).hasStackTraceContaining("litper.carriers.timeout");
                    });
        }

        @Test
        void aBaseUrlMustBeAnHttpUrl() {
            runner.withPropertyValues("litper.carriers.tcc.base-url=ftp://tcc.example").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("litper.carriers.tcc.base-url must be an absolute http");
            });
        }
    }

    @Test
    void credentialsNeverReachAStringThatCouldBeLogged() {
        CarrierRegistry.Carrier carrier = new CarrierRegistry.Carrier("Deprisa", URI.create("https://api.deprisa.example"), "k-123456",
                "s-987654", true, false);

        assertThat(carrier.toString()).doesNotContain("k-123456").doesNotContain("s-987654").contains("<redacted>");
        assertThat(new CarrierRegistry(Map.of("deprisa", carrier)).toString()).doesNotContain("k-123456").doesNotContain("s-987654");
    }
}

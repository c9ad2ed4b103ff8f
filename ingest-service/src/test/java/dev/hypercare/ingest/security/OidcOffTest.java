package dev.hypercare.ingest.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.ingest.support.ApiKeysOn;
import dev.hypercare.local.LocalTokenEndpoint;
import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * OIDC off (the default) with API keys on: the service starts without any identity provider configured or
 * reachable, and a JWT, even one a real issuer signed, is only an unknown API key.
 */
@QuarkusTest
@TestProfile(ApiKeysOn.class)
@WithTestResource(KafkaBrokerResource.class)
class OidcOffTest {

    static final String SHOP_KEY = ApiKeysOn.OFF_SHOP;

    @Test
    void shouldTreatASignedJwtAsAnUnknownKeyWhenOidcIsOff() throws Exception {
        // given: a well-formed token with every claim OIDC would want
        String token;
        try (LocalTokenEndpoint issuer = LocalTokenEndpoint.start("127.0.0.1", 0)) {
            long exp = Instant.now().plusSeconds(600).getEpochSecond();
            token = issuer.sign("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"hypercare-ingest\",\"azp\":\"shop-web\",\"exp\":" + exp
                    + ",\"scope\":\"hypercare:submit\"}");
        }

        // when / then
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Payment page hangs\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:hypercare:problem:unauthorized"))
                .body("title", equalTo("Unknown API key"));
    }

    @Test
    void shouldAcceptTheKeyAsBearerWhenOidcIsOff() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + SHOP_KEY)
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"Payment page hangs\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(202);
    }
}

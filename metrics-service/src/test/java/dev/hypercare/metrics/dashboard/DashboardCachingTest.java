package dev.hypercare.metrics.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.hypercare.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files keep their names across releases, so browsers must revalidate them: after an upgrade a
 * browser that kept the old {@code dashboard.js} for a day (Quarkus' default "public, immutable, max-age=86400" for
 * static resources) would draw the new API with the old code.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class DashboardCachingTest {

    @Test
    void theDashboardsFilesAreRevalidatedNotKeptImmutableForADay() {
        for (String path : new String[] {"/dashboard/", "/dashboard/dashboard.js", "/dashboard/dashboard.css"}) {
            given().when().get(path)
                    .then().statusCode(200)
                    .header("Cache-Control", equalTo("no-cache"));
        }
    }

    @Test
    void theRootAndTheDashboardWithoutItsSlashSendABrowserToTheDashboard() {
        for (String path : new String[] {"/", "/dashboard"}) {
            given().redirects().follow(false).when().get(path)
                    .then().statusCode(303)
                    .header("Location", endsWith("/dashboard/"));
        }
    }
}

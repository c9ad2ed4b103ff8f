package dev.hypercare.ingest.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;

/** Submits feedback over HTTP, for tests that need an existing item. */
public final class Feedback {

    private Feedback() {
    }

    public static String submit(String text) {
        return given().contentType(ContentType.JSON)
                .body("{\"sourceApp\":\"shop-web\",\"release\":\"2.4.0\",\"text\":\"" + text + "\"}")
                .when().post("/api/v1/feedback")
                .then().statusCode(202).extract().path("feedbackId");
    }

    public static void event(String feedbackId, String type, int expectedStatus) {
        String rating = type.equals("RATED") ? ",\"rating\":5" : "";
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"" + type + "\",\"actor\":\"agent-7\"" + rating + "}")
                .when().post("/api/v1/feedback/{id}/events", feedbackId)
                .then().statusCode(expectedStatus);
    }
}

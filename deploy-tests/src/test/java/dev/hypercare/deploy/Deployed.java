package dev.hypercare.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Facts about the deployment shared by the compose and Kubernetes checks. */
final class Deployed {

    /**
     * Set by k8s/ for the Strimzi connection (SCRAM-SHA-512 over TLS) before every service declares
     * them in its application.properties; docs/deploy.md ("Client security") has the lines. Remove a
     * name here once all three services read it: the checks then hold them to it like any other.
     */
    static final Set<String> AWAITING_SERVICE_SUPPORT = Set.of();

    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    private Deployed() {
    }

    static void noteAwaiting(String module, Set<String> set, Set<String> read) {
        Set<String> awaiting = new TreeSet<>(set);
        awaiting.retainAll(AWAITING_SERVICE_SUPPORT);
        awaiting.removeAll(read);
        if (!awaiting.isEmpty() && NOTED.add(module)) {
            System.out.println("[deploy-tests] NOTE " + module + " does not read " + awaiting
                    + " yet: the deployment sets them ahead of it (Deployed.AWAITING_SERVICE_SUPPORT; docs/deploy.md)");
        }
    }
}

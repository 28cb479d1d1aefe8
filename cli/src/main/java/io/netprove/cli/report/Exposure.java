package io.netprove.cli.report;

import io.netprove.verifier.check.ExposureMatrix;

import java.util.Objects;

/** What the HTML and DOT reports show of the cluster's exposure: the zones x services matrix and the graph drawn from it. */
public record Exposure(ExposureMatrix.Matrix matrix, ExposureGraph graph) {

    public Exposure {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(graph, "graph");
    }
}

package io.netprove.model.space;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Intersection takes a lookup path when one set has far fewer intervals than the other; both paths must agree with
 * membership, point by point, on random sets (16-bit, so every value can be checked).
 */
class IntervalSetIntersectTest {

    private static IntervalSet random(Random rnd, int intervals) {
        IntervalSet s = IntervalSet.empty(16);
        for (int i = 0; i < intervals; i++) {
            int a = rnd.nextInt(65_536);
            int len = rnd.nextInt(rnd.nextBoolean() ? 3 : 400);
            s = s.union(IntervalSet.range(16, a, Math.min(65_535, a + len)));
        }
        return s;
    }

    @Test
    void fewAgainstManyAgreesWithMembership() {
        Random rnd = new Random(7);
        for (int round = 0; round < 60; round++) {
            IntervalSet many = random(rnd, 300 + rnd.nextInt(300));
            IntervalSet few = random(rnd, 1 + rnd.nextInt(4));
            IntervalSet both = few.intersect(many);
            assertEquals(both, many.intersect(few), "intersection is symmetric");
            for (int v = 0; v < 65_536; v++) {
                assertEquals(few.contains(v) && many.contains(v), both.contains(v), "value " + v);
            }
        }
    }

    @Test
    void touchingAndNestedIntervals() {
        IntervalSet many = IntervalSet.empty(16);
        for (int v = 0; v < 2_000; v += 10) {
            many = many.union(IntervalSet.range(16, v, v + 4));
        }
        IntervalSet few = IntervalSet.range(16, 4, 10);
        IntervalSet both = few.intersect(many);
        assertTrue(both.contains(4) && both.contains(10));
        assertFalse(both.contains(5) || both.contains(9) || both.contains(11));
        assertEquals(IntervalSet.range(16, 12, 13), IntervalSet.range(16, 12, 13).intersect(many));
        assertTrue(IntervalSet.range(16, 5, 9).intersect(many).isEmpty());
    }
}

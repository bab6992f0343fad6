package com.litper.common.queue;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Task ids: the enqueue time in base 36 followed by 50 random bits, 16 characters that sort
 * roughly by time. Short ids matter: the id is part of every queued task.
 */
final class TaskIds {

    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private TaskIds() {
    }

    static String next(long nowMillis) {
        char[] id = new char[16];
        long time = nowMillis;
        for (int i = 7; i >= 0; i--) {
            id[i] = DIGITS[(int) (time % 36)];
            time /= 36;
        }
        long random = ThreadLocalRandom.current().nextLong() >>> 14;
        for (int i = 15; i >= 8; i--) {
            id[i] = DIGITS[(int) (random % 36)];
            random /= 36;
        }
        return new String(id);
    }
}

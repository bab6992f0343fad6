package com.litper.common.queue;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One of the queue's Lua scripts, read from {@code lua/<name>.lua} with its {@code --@include}
 * lines replaced by the fragments in {@code lua/includes/}. Run with EVALSHA, falling back to EVAL
 * when the server does not know the script yet (a fresh server, or a replica just promoted).
 */
final class LuaScript {

    private final String name;
    private final String body;
    private final String sha;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    static LuaScript load(String name) {
        StringBuilder body = new StringBuilder();
        for (String line : read(name + ".lua").split("\n", -1)) {
            if (line.startsWith("--@include ")) {
                body.append(read("includes/" + line.substring("--@include ".length()).trim() + ".lua"));
            } else {
                body.append(line).append('\n');
            }
        }
        return new LuaScript(name, body.toString());
    }

    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType output,
            String[] keys, String[] args) {
        CompletableFuture<T> first = redis.<T>evalsha(sha, output, keys, args).toCompletableFuture();
        return first.handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(body, output, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    String name() {
        return name;
    }

    private static String read(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream("lua/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing queue script lua/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

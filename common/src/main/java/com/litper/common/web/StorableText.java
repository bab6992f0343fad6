package com.litper.common.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text that can be stored and sent on: no NUL character (PostgreSQL refuses it in {@code text} and
 * {@code jsonb}) and no unpaired UTF-16 surrogate (JSON's {@code "\ud800"} escape, which has no UTF-8
 * form and would be stored as '?'). Every string of a JSON body is read through {@link #module()}, so
 * such text is a 400 naming the field instead of a database error or a silently changed value.
 */
public final class StorableText {

    /** What the caller is told; names the characters so the fix is obvious. */
    public static final String PROBLEM = "text must not contain the NUL character (\\u0000) or an unpaired surrogate (\\ud800-\\udfff)";

    private StorableText() {
    }

    /** Whether {@code text} can be stored as it is. */
    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A Jackson module whose String deserializer refuses text that cannot be stored. */
    public static SimpleModule module() {
        return new SimpleModule("litper-storable-text").addDeserializer(String.class, new Deserializer());
    }

    private static final class Deserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (text != null && !isStorable(text)) {
                throw InvalidFormatException.from(parser, PROBLEM, text, String.class);
            }
            return text;
        }
    }
}

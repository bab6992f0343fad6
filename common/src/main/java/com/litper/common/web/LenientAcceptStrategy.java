package com.litper.common.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * The media types of the request's {@code Accept}, then any: an {@code Accept} that names nothing a
 * handler produces, or that does not parse, gets the handler's one representation (JSON) instead of
 * a 406. Spring MVC negotiates after the handler ran, so a 406 there would answer "not acceptable" to
 * a request whose order or key was already stored. RFC 9110 §12.5.1 lets a server disregard
 * {@code Accept} this way; where a handler offers several types, the client's preference still wins.
 */
public class LenientAcceptStrategy implements ContentNegotiationStrategy {

    private final HeaderContentNegotiationStrategy header = new HeaderContentNegotiationStrategy();

    @Override
    public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
        List<MediaType> requested;
        try {
            requested = header.resolveMediaTypes(request);
        } catch (HttpMediaTypeNotAcceptableException e) {
            return MEDIA_TYPE_ALL_LIST;
        }
        if (requested.equals(MEDIA_TYPE_ALL_LIST)) {
            return requested;
        }
        List<MediaType> withFallback = new ArrayList<>(requested);
        withFallback.add(new MediaType(MediaType.ALL, java.util.Map.of("q", "0.001")));
        return withFallback;
    }
}

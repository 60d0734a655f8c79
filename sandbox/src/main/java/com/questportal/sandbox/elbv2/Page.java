package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.protocol.Paging;
import java.util.List;

/** A page of a list by ELBv2's Marker and PageSize. */
record Page<T>(List<T> items, String next) {

    static <T> Page<T> of(List<T> all, String marker, Integer pageSize) {
        int start = Paging.start(marker, all.size(), "ValidationError", "The marker '" + marker + "' is not valid");
        int size = pageSize == null ? 400 : pageSize;
        return new Page<>(all.subList(start, Math.min(all.size(), start + size)), Paging.next(start, size, all.size()));
    }
}

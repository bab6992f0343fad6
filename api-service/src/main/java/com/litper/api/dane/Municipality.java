package com.litper.api.dane;

/**
 * A Colombian municipality with its DANE DIVIPOLA codes.
 *
 * @param code 5-digit municipality code, e.g. {@code 11001}
 * @param name official name, upper case without accents, e.g. {@code BOGOTA, D.C.}
 * @param departmentCode 2-digit department code, e.g. {@code 11}
 * @param department department name, e.g. {@code BOGOTA D.C.}
 */
public record Municipality(String code, String name, String departmentCode, String department) {
}

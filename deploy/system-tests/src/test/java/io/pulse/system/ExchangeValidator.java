package io.pulse.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Checks recorded exchanges against an OpenAPI document with Atlassian's swagger-request-validator: the request and,
 * above all, the response — a status the operation does not document, a body that does not match its schema (type,
 * nullability, enum, required fields) or a content type the document does not name is a failure.
 */
final class ExchangeValidator {

    private final OpenApiInteractionValidator validator;

    private ExchangeValidator(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /** A validator for the document's JSON text. */
    static ExchangeValidator of(String openApiJson) {
        return new ExchangeValidator(OpenApiInteractionValidator.createForInlineApiSpecification(openApiJson)
                .build());
    }

    /** One line per problem found in the exchanges, each naming the exchange; empty when all conform. */
    List<String> problems(List<ServeEvent> exchanges) {
        List<String> problems = new ArrayList<>();
        for (ServeEvent exchange : exchanges) {
            LoggedRequest request = exchange.getRequest();
            LoggedResponse response = exchange.getResponse();
            ValidationReport report = validator.validate(request(request), response(response));
            for (ValidationReport.Message message : report.getMessages()) {
                if (message.getLevel() == ValidationReport.Level.ERROR) {
                    problems.add(request.getMethod().getName() + " " + request.getUrl() + " -> " + response.getStatus()
                            + ": " + message.getKey() + ": " + message.getMessage());
                }
            }
        }
        return problems;
    }

    private static SimpleRequest request(LoggedRequest logged) {
        String url = logged.getUrl();
        int query = url.indexOf('?');
        SimpleRequest.Builder builder = new SimpleRequest.Builder(
                Request.Method.valueOf(logged.getMethod().getName()), query < 0 ? url : url.substring(0, query));
        for (HttpHeader header : logged.getHeaders().all()) {
            builder.withHeader(header.key(), header.values());
        }
        for (Map.Entry<String, QueryParameter> parameter :
                logged.getQueryParams().entrySet()) {
            builder.withQueryParam(parameter.getKey(), parameter.getValue().values());
        }
        String body = logged.getBodyAsString();
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        return builder.build();
    }

    private static SimpleResponse response(LoggedResponse logged) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(logged.getStatus());
        if (logged.getHeaders() != null) {
            for (HttpHeader header : logged.getHeaders().all()) {
                builder.withHeader(header.key(), header.values());
            }
        }
        String body = logged.getBodyAsString();
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        return builder.build();
    }
}

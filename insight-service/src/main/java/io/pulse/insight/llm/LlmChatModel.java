package io.pulse.insight.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * The chat model behind every {@code @RegisterAiService} of this service
 * ({@code chatLanguageModelSupplier = LlmChatModel.class}): the prompts stay in the AI service interfaces, the calls
 * go through {@link OpenAiChatClient}, so they honour {@code Retry-After} and the rate-limit headers, back off
 * within the budget of {@link LlmRetryPolicy}, and fail with a classified {@link LlmCallException}. The extension's
 * own OpenAI client drops the response headers and reports error bodies as metric labels, hence this one.
 */
@ApplicationScoped
@Unremovable
public class LlmChatModel implements Supplier<ChatModel> {

    private final OpenAiChatClient client;

    public LlmChatModel(OpenAiChatClient client) {
        this.client = client;
    }

    @Override
    public ChatModel get() {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                String answer = client.complete(messages(request.messages()));
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(answer))
                        .modelName(client.model())
                        .build();
            }
        };
    }

    private static List<OpenAiChatClient.Message> messages(List<ChatMessage> messages) {
        List<OpenAiChatClient.Message> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage s) {
                out.add(new OpenAiChatClient.Message("system", s.text()));
            } else if (m instanceof UserMessage u) {
                out.add(new OpenAiChatClient.Message("user", u.singleText()));
            } else if (m instanceof AiMessage a) {
                out.add(new OpenAiChatClient.Message("assistant", a.text()));
            } else {
                throw new IllegalArgumentException("Unsupported chat message " + m.type());
            }
        }
        return out;
    }
}

package dev.offlineauth.jwt;

import java.nio.charset.StandardCharsets;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The token JSON reader gives what Nimbus's parser gives, and refuses what is not strict JSON. */
class TokenJsonTests {

	@ParameterizedTest
	@ValueSource(strings = { "{}", " { \"a\" : 1 } ", "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k\"}",
			"{\"exp\":1700000000,\"big\":12345678901234567890,\"neg\":-9223372036854775808,\"max\":9223372036854775807}",
			"{\"f\":1.5,\"e\":1.7E9,\"z\":-0,\"ze\":0.0e-3}", "{\"t\":true,\"f\":false,\"n\":null}",
			"{\"roles\":[\"user\",\"admin\"],\"empty\":[],\"o\":{\"p\":{\"q\":[1,[2,{}]]}}}",
			"{\"esc\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"}", "{\"utf8\":\"h\u00e9llo \u4e16\u754c\"}",
			"{\"\":\"\",\"email_verified\":true,\"x\":\"\u00e9\"}" })
	void readsWhatNimbusReads(String json) throws Exception {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

		assertThat(TokenJson.parseObject(bytes, 0, bytes.length)).isEqualTo(JSONObjectUtils.parse(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "[]", "\"a\"", "1", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}",
			"{,}", "{\"a\":1}x", "{\"a\":1}{}", "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}",
			"{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"\\x\"}",
			"{\"a\":\"\\u12\"}", "{\"a\":\"unterminated}", "{\"a\":\"tab\there\"}", "{\"a\":1,\"a\":2}",
			"{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":1 /* comment */}", "{\"a\":NaN}",
			"{\"a\":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}" })
	void refusesWhatIsNotOneStrictJsonObject(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(TokenJson.MalformedException.class)
			.isThrownBy(() -> TokenJson.parseObject(bytes, 0, bytes.length));
	}

}

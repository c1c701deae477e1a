package dev.offlineauth.revocation;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CutoffsCodecTests {

	private static final List<Cutoff> CUTOFFS = List.of(new Cutoff("t-1", "u-1", null, 1000, 5000),
			new Cutoff(null, "u-2", "a-1", 2000, 6000), new Cutoff(null, null, "a-2", 3000, 7000));

	@Test
	void cutoffsSurviveAJsonRoundTrip() throws Exception {
		String json = JSONObjectUtils.toJSONString(Map.of("cutoffs", CutoffsCodec.toJson(CUTOFFS)));

		Object parsed = JSONObjectUtils.parse(json).get("cutoffs");

		assertThat(CutoffsCodec.fromJson(parsed)).isEqualTo(CUTOFFS);
	}

	@Test
	void anythingButAListOfCutoffsIsRefusedWhole() throws Exception {
		for (String json : new String[] { "{}", "\"cutoffs\"", "[1]", "[{\"userId\":\"u-1\",\"at\":1}]",
				"[{\"userId\":\"u-1\",\"at\":1,\"expiresAt\":2,\"extra\":true}]",
				"[{\"userId\":\"u:1\",\"at\":1,\"expiresAt\":2}]", "[{\"userId\":\"u-1\",\"at\":-1,\"expiresAt\":2}]",
				"[{\"userId\":\"u-1\",\"at\":3,\"expiresAt\":2}]", "[{\"userId\":\"u-1\",\"at\":1.5,\"expiresAt\":2}]",
				"[{\"at\":1,\"expiresAt\":2}]", "[{\"userId\":7,\"at\":1,\"expiresAt\":2}]" }) {
			Object parsed = JSONObjectUtils.parse("{\"v\":" + json + "}").get("v");
			assertThatIllegalArgumentException().as(json).isThrownBy(() -> CutoffsCodec.fromJson(parsed));
		}
	}

}

{{%AUTOESCAPE context="HTML"}}
<section class="tab-user" data-tab="user" data-origin="{{ORIGIN}}">
  {{#BILLING}}<p class="note" id="user-kind">Created via billing: the data below comes from the customer billing system and is not editable here.</p>{{/BILLING}}
  {{#SUBUSER}}<p class="note" id="user-kind">A sub-user of <a href="/admin/users/{{PARENT_ID}}">{{PARENT_NAME}}</a> ({{PARENT_LOGIN}}), created in that user's own interface on <time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time>. Billing knows nothing of sub-users.</p>{{/SUBUSER}}
  {{#ADMIN}}<p class="note" id="user-kind">Created by an administrator on <time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time>{{#EXPIRES}}; expires on <time datetime="{{EXPIRES_AT_ISO}}">{{EXPIRES_AT}}</time>{{/EXPIRES}}{{#NO_EXPIRY}}; it does not expire{{/NO_EXPIRY}}. Billing knows nothing of this user.</p>{{/ADMIN}}
  <dl class="facts">
    {{#BILLING}}<div><dt>Billing account</dt><dd id="user-billing-id">{{BILLING_ID}}</dd></div>{{/BILLING}}
    <div><dt>Kind</dt><dd>{{KIND_WORD}}</dd></div>
    <div><dt>Status</dt><dd><span class="badge badge-{{STATUS}}">{{STATUS}}</span></dd></div>
    <div><dt>Location</dt><dd id="user-location">{{#LOCATION}}{{ADDRESS}} <span class="csa">({{CSA}})</span>{{/LOCATION}}{{#NO_LOCATION}}<span class="empty">none linked from the address system</span>{{/NO_LOCATION}}</dd></div>
  </dl>
  {{#INFO}}
  <table class="grid kv" id="billing-info">
    <tbody>
    {{#FIELD}}<tr><th scope="row">{{LABEL}}</th><td>{{VALUE}}</td></tr>{{/FIELD}}
    </tbody>
  </table>
  {{#PROPERTIES}}
  <h2>Additional properties</h2>
  <table class="grid kv" id="billing-properties">
    <tbody>
    {{#PROP}}<tr><th scope="row">{{KEY}}</th><td>{{VALUE}}</td></tr>{{/PROP}}
    </tbody>
  </table>
  {{/PROPERTIES}}
  {{/INFO}}
  {{#NO_INFO}}<p class="empty">Billing sent no data for this user.</p>{{/NO_INFO}}
</section>
